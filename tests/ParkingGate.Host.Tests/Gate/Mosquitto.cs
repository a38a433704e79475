using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>
/// Debian's mosquitto, started by the test on a free loopback port with a password file and an ACL made with its
/// own tools, and stopped afterwards.
/// </summary>
internal sealed class Mosquitto : IAsyncDisposable
{
    private readonly string _folder;
    private Process _process;

    private Mosquitto(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    /// <summary>Kills the broker (as a crash or an upgrade would) and starts it again on the same port and config.</summary>
    public async Task RestartAsync(TimeSpan down)
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        await Task.Delay(down, TimeProvider.System);
        _process = await LaunchAsync(Path.Combine(_folder, "mosquitto.conf"), Port);
    }

    public int Port { get; }

    public static bool IsInstalled => File.Exists("/usr/sbin/mosquitto") && File.Exists("/usr/bin/mosquitto_passwd");

    /// <summary>Starts mosquitto with these users (name, password) and ACL lines.</summary>
    public static async Task<Mosquitto> StartAsync(IEnumerable<(string User, string Password)> users, string acl)
    {
        var folder = Directory.CreateTempSubdirectory("parkinggate-mosquitto-").FullName;
        var passwords = Path.Combine(folder, "passwords");
        var first = true;
        foreach (var (user, password) in users)
        {
            await RunAsync("/usr/bin/mosquitto_passwd", first ? ["-b", "-c", passwords, user, password] : ["-b", passwords, user, password]);
            first = false;
        }

        File.WriteAllText(Path.Combine(folder, "acl"), acl);
        var port = FreePort();
        var config = Path.Combine(folder, "mosquitto.conf");
        File.WriteAllText(config, $"""
            user root
            listener {port} 127.0.0.1
            allow_anonymous false
            password_file {passwords}
            acl_file {Path.Combine(folder, "acl")}
            persistence false
            log_dest stdout
            """);
        return new Mosquitto(await LaunchAsync(config, port), folder, port);
    }

    private static async Task<Process> LaunchAsync(string config, int port)
    {
        var start = new ProcessStartInfo("/usr/sbin/mosquitto") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                break;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, deadline.Token);
            }
        }

        return process;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {await process.StandardError.ReadToEndAsync()}");
        }
    }

    private static int FreePort() => ParkingGate.Simulator.LoopbackPorts.Free();
}
