using ParkingGate.Desk;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests.Security;

/// <summary>
/// <c>parkinggate run</c> as its own process, logging to stdout as under systemd: cameras log in, a clerk signs in
/// and mistypes a password, and no secret appears in any line it writes.
/// </summary>
public sealed class SecretsInLogsTests : FolderFixture
{
    private const string CameraSecret = "camera-secret-Zq81";
    private const string DeskSecret = "desk-secret-Lm77x";
    private const string MistypedSecret = "desk-secret-Lm77y";

    [Test]
    public async Task No_password_or_hash_reaches_the_log()
    {
        Folder.UseEmbeddedBroker(CameraSecret, "in-1");
        var hash = Configuration.ConfigLoader.Load(Folder.Config).Options.Mqtt.Devices[0].PasswordHash; // the hash the config holds
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var deskHash = Passwords.Hash(DeskSecret);
        await new UserStore(database, TimeProvider.System).AddAsync("li", "clerk", deskHash, "setup");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        string text;
        await using (var service = await ServiceProcess.StartAsync(Folder.Config, Folder.Database))
        {
            await using (var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", service.BrokerPort, "cam-in-1", CameraSecret, "sn-in-1", "in-1", TimeProvider.System))
            {
                await camera.ReadAsync("粤B12345", 95);
                for (var waited = System.Diagnostics.Stopwatch.StartNew(); camera.Pulses.IsEmpty && waited.Elapsed < TimeSpan.FromSeconds(10);)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System); // the visitor is let in before the camera goes
                }
            }

            try
            {
                await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", service.BrokerPort, "cam-in-1", "guessed-" + CameraSecret, "sn-in-1", "in-1", TimeProvider.System);
            }
            catch (Exception e) when (e is MQTTnet.Adapter.MqttConnectingFailedException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // refused, as it should be
            }

            using var desk = new DeskClient(service.Url);
            Assert.That(await desk.SignInAsync("li", MistypedSecret), Is.False, "the mistyped password is refused");
            Assert.That(await desk.SignInAsync("li", DeskSecret), Is.True);
            await desk.PostAsync("/blocklist", "/blocklist?handler=Add", new() { ["plate"] = "湘A77777", ["reason"] = "堵塞消防通道" });
            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
            text = service.Log;
        }

        TestContext.Out.WriteLine(text);
        Assert.That(text, Does.Contain("gate started"), "the log was captured");
        Assert.That(text, Does.Contain("broker refused a login as cam-in-1 from 127.0.0.1"), "the guessed password is logged as a refused login, without it");
        foreach (var secret in new[] { CameraSecret, DeskSecret, MistypedSecret, hash, deskHash })
        {
            Assert.That(text, Does.Not.Contain(secret), "a secret reached the log");
        }

        Assert.That(text, Does.Not.Match("(?i)password[^\\n]*[:=]\\s*\\S"), "nothing that looks like a password value");
        Assert.That(text, Does.Match(@"lane in-1: Opened 粤B12345 \(read 粤B12345, Visitor\), stay \d+"), "one line per decision, with the stay to find it by");
        Assert.That(text, Does.Contain("desk: li /blocklist Add: 湘A77777 已加入黑名单"), "one line per change on the desk, with what the page answered");
        var audit = await new ParkingGate.Storage.Audit.AuditLog(await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System), TimeProvider.System).ListAsync(10, "user");
        Assert.That(audit.Any(a => a.Actor == "li" && a.Action == "sign-in"), Is.True, "the clerk really signed in during the run");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
