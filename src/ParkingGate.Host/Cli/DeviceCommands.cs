using System.CommandLine;
using ParkingGate.Devices.Mqtt;

namespace ParkingGate.Host.Cli;

/// <summary>
/// <c>device hash-password</c>: the hash to put in the config for a device's broker account; <c>device new-secret</c>:
/// a secret for the push URL of a camera that pushes over HTTP.
/// </summary>
internal static class DeviceCommands
{
    public static Command Build(Verbs verbs)
    {
        var stdin = new Option<bool>("--password-stdin") { Description = "read the password from standard input (a password never goes on a command line)", Required = true };
        var hash = new Command("hash-password", "print the hash of a device password for mqtt.devices[].passwordHash") { stdin };
        verbs.Bind(hash, async (context, _, cancellationToken) =>
        {
            var password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(password) || password.Length < 8)
            {
                return context.Usage("the password on standard input must have at least 8 characters");
            }

            await context.Out.WriteLineAsync(DevicePassword.Hash(password));
            return ExitCodes.Ok;
        });
        var secret = new Command("new-secret", "print a new random secret for http.devices[].secret (the camera's push URL is http://{gate PC}:{http.port}/push/{secret})");
        verbs.Bind(secret, async (context, _, _) =>
        {
            var made = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
            await context.Out.WriteLineAsync(made);
            await context.Out.WriteLineAsync($"push URL: http://<the gate PC's address on the camera network>:<http.port>/push/{made}");
            return ExitCodes.Ok;
        });
        return new Command("device", "devices on the broker and the device HTTP listener") { hash, secret };
    }
}
