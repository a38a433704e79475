using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ParkingGate.Desk;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests.Security;

/// <summary>
/// <c>parkinggate run</c> as its own process, logging to stdout as under systemd: cameras log in, a clerk signs in
/// and mistypes a password, and no secret appears in any line it writes.
/// </summary>
public sealed partial class SecretsInLogsTests : FolderFixture
{
    private const string CameraSecret = "camera-secret-Zq81";
    private const string DeskSecret = "desk-secret-Lm77x";
    private const string MistypedSecret = "desk-secret-Lm77y";

    [Test]
    public async Task No_password_or_hash_reaches_the_log()
    {
        var hash = DevicePassword.Hash(CameraSecret);
        var json = JsonNode.Parse(File.ReadAllText(Folder.Config), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        json["mqtt"] = JsonNode.Parse($$"""
            { "embedded": true, "bind": "127.0.0.1", "port": 0, "devices": [
              { "userName": "cam-in-1", "passwordHash": "{{hash}}", "kind": "vzenith", "id": "sn-in-1" } ] }
            """);
        File.WriteAllText(Folder.Config, json.ToJsonString());
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var deskHash = Passwords.Hash(DeskSecret);
        await new UserStore(database, TimeProvider.System).AddAsync("li", "clerk", deskHash, "setup");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "parkinggate.dll"), "run", "--config", Folder.Config, "--db", Folder.Database, "--urls", url })
        {
            start.ArgumentList.Add(arg);
        }

        var log = new StringBuilder();
        var brokerPort = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = Process.Start(start)!;
        void Take(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            if (line.Contains("Now listening on", StringComparison.Ordinal))
            {
                listening.TrySetResult(); // the gate starts before the desk's web server does
            }

            if (BrokerPort().Match(line) is { Success: true } m)
            {
                brokerPort.TrySetResult(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        service.OutputDataReceived += (_, e) => Take(e.Data);
        service.ErrorDataReceived += (_, e) => Take(e.Data);
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            var port = await brokerPort.Task.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
            await using (var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", port, "cam-in-1", CameraSecret, "sn-in-1", "in-1", TimeProvider.System))
            {
                await camera.ReadAsync("粤B12345", 95);
            }

            try
            {
                await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", port, "cam-in-1", "guessed-" + CameraSecret, "sn-in-1", "in-1", TimeProvider.System);
            }
            catch (Exception e) when (e is MQTTnet.Adapter.MqttConnectingFailedException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // refused, as it should be
            }

            using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };
            foreach (var password in new[] { MistypedSecret, DeskSecret })
            {
                var form = await http.GetStringAsync("/login");
                var token = AntiforgeryToken().Match(form).Groups[1].Value;
                await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "li", ["password"] = password, ["__RequestVerificationToken"] = token }));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }

        var text = log.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(text, Does.Contain("gate started"), "the log was captured");
        Assert.That(text, Does.Contain("broker refused a login as cam-in-1 from 127.0.0.1"), "the guessed password is logged as a refused login, without it");
        foreach (var secret in new[] { CameraSecret, DeskSecret, MistypedSecret, hash, deskHash })
        {
            Assert.That(text, Does.Not.Contain(secret), "a secret reached the log");
        }

        Assert.That(text, Does.Not.Match("(?i)password[^\\n]*[:=]\\s*\\S"), "nothing that looks like a password value");
        var audit = await new ParkingGate.Storage.Registry.RegistryStore(await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System), TimeProvider.System).ListAuditAsync(10, "user");
        Assert.That(audit.Any(a => a.Actor == "li" && a.Action == "sign-in"), Is.True, "the clerk really signed in during the run");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"broker port (\d+)")]
    private static partial Regex BrokerPort();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
