using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Security;

/// <summary>
/// The embedded broker with <c>"tls": true</c>: its port speaks TLS only. Debian's mosquitto clients reach the gate
/// with the broker's certificate as their CA file, and get nowhere in plain MQTT or without trusting it; the service
/// reaches its own broker over TLS with the certificate pinned (a decision proves that link is up). A missing or
/// broken certificate stops the config with the key and file named.
/// </summary>
public sealed class BrokerTlsTests : FolderFixture
{
    private const string Password = "camera-secret-tls";

    [Test]
    public async Task Cameras_reach_the_gate_only_over_TLS_trusting_the_broker_certificate()
    {
        if (!MosquittoClients.AreInstalled)
        {
            Assert.Ignore("Debian's mosquitto clients are not installed; tests/setup-machine installs them (apt-get install mosquitto-clients)");
        }

        var (certificate, _) = WriteCertificate("broker");
        WriteConfig(new JsonObject { ["tls"] = true, ["certificate"] = "broker.crt", ["certificateKey"] = "broker.key" });
        var check = await new CliRunner(Folder).RunAsync("config", "check");
        Assert.That(check.Out, Does.Contain("TLS only, certificate CN=parkinggate-broker valid until"), check.ToString());
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var decisions = new ConcurrentQueue<LaneDecision>();
        await using (var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance))
        {
            gate.Decided += decisions.Enqueue;
            string[] camera = ["-i", "cam-in-1", "-u", "cam-in-1", "-P", Password, "-t", "device/sn-in-1/message/up/ivs_result", "-q", "1"];

            var plain = await MosquittoClients.RunAsync(gate.BrokerPort, "/usr/bin/mosquitto_pub", [.. camera, "-m", MosquittoClients.Read("sn-in-1", "粤B11111")]);
            Assert.That(plain.Code, Is.Not.Zero, "plain MQTT on the TLS port gets nowhere: " + plain.Output);

            var untrusted = await MosquittoClients.RunAsync(gate.BrokerPort, "/usr/bin/mosquitto_pub", [.. camera, "--capath", "/etc/ssl/certs", "-m", MosquittoClients.Read("sn-in-1", "粤B22222")]);
            Assert.That(untrusted.Code, Is.Not.Zero, "a client that does not trust the broker's certificate does not connect: " + untrusted.Output);

            var wrong = await MosquittoClients.RunAsync(gate.BrokerPort, "/usr/bin/mosquitto_pub",
                ["-i", "cam-in-1", "-u", "cam-in-1", "-P", "guessed", "-t", "device/sn-in-1/message/up/ivs_result", "-q", "1", "--cafile", certificate, "-m", MosquittoClients.Read("sn-in-1", "粤B33333")]);
            Assert.That(wrong.Output, Does.Contain("bad user name or password").IgnoreCase, "over TLS the passwords are still checked");

            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
            Assert.That(decisions, Is.Empty, "nothing reached a lane");

            var tls = await MosquittoClients.RunAsync(gate.BrokerPort, "/usr/bin/mosquitto_pub", [.. camera, "--cafile", certificate, "-m", MosquittoClients.Read("sn-in-1", "粤B44444")]);
            Assert.That(tls.Code, Is.Zero, tls.Output);
            var started = Stopwatch.StartNew();
            while (decisions.IsEmpty && started.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
            }

            Assert.That(decisions.Select(d => d.PlateRead), Is.EqualTo(new[] { "粤B44444" }), "the read over TLS reached the gate through the service's own TLS link");
        }

        SqliteConnection.ClearAllPools();
    }

    [Test]
    public void TLS_without_a_certificate_or_with_a_broken_one_stops_the_config_naming_it()
    {
        WriteConfig(new JsonObject { ["tls"] = true });
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contains("mqtt.certificate and mqtt.certificateKey"));

        WriteConfig(new JsonObject { ["tls"] = true, ["certificate"] = "missing.crt", ["certificateKey"] = "missing.key" });
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contains("mqtt.certificate").And.Message.Contains("missing.crt' not found"));

        WriteCertificate("broker");
        File.WriteAllText(Path.Combine(Folder.Root, "config", "broken.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        WriteConfig(new JsonObject { ["tls"] = true, ["certificate"] = "broken.crt", ["certificateKey"] = "broker.key" });
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contains("broken.crt"));

        WriteCertificate("other");
        WriteConfig(new JsonObject { ["tls"] = true, ["certificate"] = "broker.crt", ["certificateKey"] = "other.key" });
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contains("other.key"), "a key that is not the certificate's");

        WriteConfig(new JsonObject { ["tls"] = false, ["certificate"] = "broker.crt", ["certificateKey"] = "broker.key" });
        Assert.That(() => ConfigLoader.Load(Folder.Config), Throws.TypeOf<ConfigException>().With.Message.Contains("used only with"));
    }

    /// <summary>A self-signed certificate for 127.0.0.1 and localhost, as an installer would make with openssl; PEM files beside the config.</summary>
    private (string Certificate, string Key) WriteCertificate(string name) => TestCertificates.Write(Path.Combine(Folder.Root, "config"), name);

    private void WriteConfig(JsonObject tls) => Folder.EditConfig(json =>
    {
        var mqtt = TestFolder.EmbeddedBroker(Password, "in-1");
        foreach (var (key, value) in tls)
        {
            mqtt[key] = value?.DeepClone();
        }

        json["mqtt"] = mqtt;
    });
}
