using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ParkingGate.Host.Cli;

namespace ParkingGate.Host.Tests;

/// <summary>What a run of <c>parkinggate</c> printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Err}";
}

/// <summary>Runs the CLI in-process against a test folder, with a fake clock.</summary>
internal sealed class CliRunner(TestFolder folder)
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));

    public async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] all = [.. args, "--config", folder.Config, "--db", folder.Database, "--operator", "clerk-li"];
        var code = await CliApp.RunAsync(all, output, error, Time);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs the verb in process and asserts it exits with <paramref name="code"/> (the run is shown when it does not).</summary>
    public async Task<CliRun> ExpectAsync(int code, params string[] args)
    {
        var run = await RunAsync(args);
        Assert.That(run.ExitCode, Is.EqualTo(code), run.ToString);
        return run;
    }

    /// <summary>Runs the real executable in a child process, in <paramref name="workingDirectory"/>.</summary>
    public static async Task<CliRun> RunProcessAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "parkinggate.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
