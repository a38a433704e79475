using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace ParkingGate.Host.Tests;

/// <summary>
/// <c>parkinggate run</c> as its own process, as under systemd: its log lines are collected, and starting waits until
/// the embedded broker has its port and the desk's web server listens (the gate starts before the web server does).
/// </summary>
internal sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource<int> _brokerPort = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServiceProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The desk's address.</summary>
    public string Url { get; }

    /// <summary>The embedded broker's port, known once started.</summary>
    public int BrokerPort { get; private set; }

    /// <summary>Everything the service wrote so far, stdout and stderr together.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the service on <paramref name="config"/> and <paramref name="database"/> and waits until it serves. The
    /// desk's port is one found free a moment before; when the embedded broker's own free port (chosen by the system
    /// in between) turns out to be the same one, the service stops with "address already in use" and is started again
    /// on another port.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string config, string database, TimeSpan? within = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(config, database, within);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
            {
                TestContext.Progress.WriteLine($"the desk's port was taken as it started (attempt {attempt}); starting again on another");
            }
        }
    }

    private static async Task<ServiceProcess> StartOnceAsync(string config, string database, TimeSpan? within)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "parkinggate.dll"), "run", "--config", config, "--db", database, "--urls", url })
        {
            start.ArgumentList.Add(arg);
        }

        var service = new ServiceProcess(Process.Start(start)!, url);
        service._process.OutputDataReceived += (_, e) => service.Take(e.Data);
        service._process.ErrorDataReceived += (_, e) => service.Take(e.Data);
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            var limit = within ?? TimeSpan.FromSeconds(30);
            var exited = service._process.WaitForExitAsync();
            var ready = Task.WhenAll(service._brokerPort.Task, service._listening.Task);
            if (await Task.WhenAny(ready, exited).WaitAsync(limit, TimeProvider.System) != ready)
            {
                throw new InvalidOperationException($"parkinggate run exited with {service._process.ExitCode} before it served:\n{service.Log}");
            }

            service.BrokerPort = await service._brokerPort.Task;
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no chance to flush or roll back anything.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Take(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.Contains("Now listening on", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }

        if (BrokerPortLine().Match(line) is { Success: true } m)
        {
            _brokerPort.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static int FreePort() => ParkingGate.Simulator.LoopbackPorts.Free();

    [GeneratedRegex(@"broker port (\d+)")]
    private static partial Regex BrokerPortLine();
}
