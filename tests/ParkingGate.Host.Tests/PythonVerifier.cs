using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ParkingGate.Host.Tests;

/// <summary>Runs the committee's standard-library Python verifier (src/verifier) as a separate process.</summary>
internal static partial class PythonVerifier
{
    public static async Task<(int ExitCode, string Output, long? BadSeq)> RunAsync(string estate, string source, string path, params string[] digests)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "verifier", "parkinggate_verify.py"));
        foreach (var arg in new[] { "--estate", estate, source, path })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var digest in digests)
        {
            start.ArgumentList.Add("--digest");
            start.ArgumentList.Add(digest);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, output + error, BadSeqOf(output));
    }

    /// <summary>The entry number in "FAILED at entry N: …", null for "FAILED at digest" or OK.</summary>
    public static long? BadSeqOf(string output) =>
        BadEntry().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"FAILED at entry (\d+)")]
    private static partial Regex BadEntry();
}
