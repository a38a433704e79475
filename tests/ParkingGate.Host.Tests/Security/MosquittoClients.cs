using System.Diagnostics;
using System.Globalization;

namespace ParkingGate.Host.Tests.Security;

/// <summary>Debian's mosquitto_pub and mosquitto_sub run against a broker from outside the service, as an installer or an intruder would.</summary>
internal static class MosquittoClients
{
    public static bool AreInstalled => File.Exists("/usr/bin/mosquitto_pub") && File.Exists("/usr/bin/mosquitto_sub");

    /// <summary>A Vzenith plate read as camera <paramref name="sn"/> would publish it now.</summary>
    public static string Read(string sn, string plate = "粤B12345")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return """{"id":"ID","sn":"SN","name":"ivs_result","version":"1.0","timestamp":NOW,"payload":{"AlarmInfoPlate":{"result":{"PlateResult":{"license":"PLATE","colorType":1,"confidence":95,"triggerType":1,"timeStamp":{"Timeval":{"sec":NOW,"usec":0}}}}}}}"""
            .Replace("ID", $"x-{Guid.NewGuid():N}", StringComparison.Ordinal).Replace("SN", sn, StringComparison.Ordinal)
            .Replace("NOW", now, StringComparison.Ordinal).Replace("PLATE", plate, StringComparison.Ordinal);
    }

    /// <summary>Runs <paramref name="program"/> (mosquitto_pub or mosquitto_sub) against 127.0.0.1:<paramref name="port"/> over MQTT 5.</summary>
    public static async Task<(int Code, string Output)> RunAsync(int port, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
