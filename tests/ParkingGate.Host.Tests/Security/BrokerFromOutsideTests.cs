using System.Collections.Concurrent;
using System.Diagnostics;
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
/// The embedded broker as a curious teenager on the estate's Wi-Fi sees it, with Debian's mosquitto clients:
/// no account, a wrong password, another camera's topics, the barrier's command topic.
/// </summary>
public sealed class BrokerFromOutsideTests : FolderFixture
{
    private const string Password = "camera-secret-1";
    private GateRuntime _gate = null!;
    private readonly ConcurrentQueue<LaneDecision> _decisions = new();

    [SetUp]
    public async Task StartAsync()
    {
        _decisions.Clear(); // NUnit keeps one instance of the fixture for all its tests
        if (!MosquittoClients.AreInstalled)
        {
            Assert.Ignore("Debian's mosquitto clients are not installed; tests/setup-machine installs them (apt-get install mosquitto-clients)");
        }

        Folder.UseEmbeddedBroker(Password, "in-1", "out-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        _gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        _gate.Decided += _decisions.Enqueue;
    }

    [TearDown]
    public async Task StopAsync()
    {
        if (_gate is not null)
        {
            await _gate.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    private static string Read(string sn) => MosquittoClients.Read(sn);

    private Task<(int Code, string Output)> ClientAsync(string program, params string[] args) => MosquittoClients.RunAsync(_gate.BrokerPort, program, args);

    [Test]
    public async Task Without_an_account_or_with_a_wrong_password_nobody_gets_in()
    {
        var anonymous = await ClientAsync("/usr/bin/mosquitto_pub", "-t", "device/sn-in-1/message/up/ivs_result", "-m", Read("sn-in-1"), "-q", "1");
        Assert.That(anonymous.Code, Is.Not.Zero, anonymous.Output);
        var wrong = await ClientAsync("/usr/bin/mosquitto_pub", "-i", "cam-in-1", "-u", "cam-in-1", "-P", "guessed-password", "-t", "device/sn-in-1/message/up/ivs_result", "-m", Read("sn-in-1"), "-q", "1");
        Assert.That(wrong.Code, Is.Not.Zero, wrong.Output);
        Assert.That(wrong.Output, Does.Contain("bad user name or password").IgnoreCase);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.That(_decisions, Is.Empty, "nothing reached a lane");
    }

    [Test]
    public async Task A_camera_cannot_speak_for_another_camera_nor_listen_to_the_barriers_commands()
    {
        var forged = await ClientAsync("/usr/bin/mosquitto_pub", "-i", "cam-in-1", "-u", "cam-in-1", "-P", Password, "-t", "device/sn-out-1/message/up/ivs_result", "-m", Read("sn-out-1"), "-q", "1");
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.That(_decisions, Is.Empty, $"a forged read for the exit camera decided nothing ({forged.Output.Trim()})");
        Assert.That(_gate.Rejected.Keys, Has.Some.Contains("acl: cam-in-1 may not publish on device/sn-out-1/message/up/ivs_result"));

        var eavesdrop = await ClientAsync("/usr/bin/mosquitto_sub", "-i", "cam-in-1", "-u", "cam-in-1", "-P", Password, "-t", "device/sn-out-1/message/down/#", "-C", "1", "-W", "2");
        Assert.That(eavesdrop.Output, Does.Contain("All subscription requests were denied"), "the broker answers the subscription with not-authorized");

        var own = await ClientAsync("/usr/bin/mosquitto_pub", "-i", "cam-in-1", "-u", "cam-in-1", "-P", Password, "-t", "device/sn-in-1/message/up/ivs_result", "-m", Read("sn-in-1"), "-q", "1");
        Assert.That(own.Code, Is.Zero, own.Output);
        var started = Stopwatch.StartNew();
        while (_decisions.IsEmpty && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }

        Assert.That(_decisions.Single().Lane, Is.EqualTo("in-1"), "its own read is decided");
    }
}
