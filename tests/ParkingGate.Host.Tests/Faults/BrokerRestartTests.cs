using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Host.Tests.Gate;
using ParkingGate.Simulator;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Faults;

/// <summary>The site's mosquitto restarted under a running gate (an upgrade, a crash, a power blip on its box).</summary>
public sealed class BrokerRestartTests : FolderFixture
{
    [Test]
    public async Task After_mosquitto_restarts_the_gate_is_back_within_five_seconds_and_a_retried_read_is_decided()
    {
        if (!Mosquitto.IsInstalled)
        {
            Assert.Ignore("Debian's mosquitto is not installed here; tests/setup-machine installs it (apt-get install mosquitto)");
        }

        await using var mosquitto = await Mosquitto.StartAsync(
            [("parkinggate", "service-secret-1"), ("cam-in-1", "camera-secret-1")],
            """
            user parkinggate
            topic readwrite #

            user cam-in-1
            topic write device/sn-in-1/message/up/#
            topic write device/sn-in-1/message/down/+/reply
            topic read device/sn-in-1/message/down/#
            """);
        Folder.EditConfig(json => json["mqtt"] = JsonNode.Parse($$"""{ "embedded": false, "host": "127.0.0.1", "port": {{mosquitto.Port}}, "userName": "parkinggate", "password": "service-secret-1" }"""));
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;

        var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", mosquitto.Port, "cam-in-1", "camera-secret-1", "sn-in-1", "in-1", TimeProvider.System);
        await camera.ReadAsync("粤B10001", 95);
        await WaitAsync(() => decisions.Any(d => d.Plate == "粤B10001"), TimeSpan.FromSeconds(5));

        await mosquitto.RestartAsync(TimeSpan.FromSeconds(1));
        var back = Stopwatch.StartNew();
        await camera.DisposeAsync();

        // The camera reconnects and retries its read until the gate decides it, as a real camera resends an
        // unacknowledged result; the gate must have reconnected and resubscribed for the decision to come.
        LaneDecision? decided = null;
        var attempt = 0;
        while (decided is null && back.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                await using var again = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", mosquitto.Port, "cam-in-1", "camera-secret-1", "sn-in-1", "in-1", TimeProvider.System);
                await again.ReadAsync("粤B10002", 95, messageId: "retried-read");
                attempt++;
                await WaitAsync(() => decisions.Any(d => d.Plate == "粤B10002"), TimeSpan.FromMilliseconds(500));
                decided = decisions.First(d => d.Plate == "粤B10002");
            }
            catch (Exception e) when (e is TimeoutException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
            {
                // not yet
            }
        }

        TestContext.Out.WriteLine($"the retried read was decided {back.Elapsed.TotalSeconds:0.0} s after mosquitto was back ({attempt} attempts)");
        Assert.That(decided, Is.Not.Null, "the gate came back");
        Assert.That(back.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "within 5 s of the broker's return");
        Assert.That(decisions.Count(d => d.Plate == "粤B10002"), Is.EqualTo(1), "a read retried with the same id is decided once");
        SqliteConnection.ClearAllPools();
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan limit)
    {
        var started = Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > limit)
            {
                throw new TimeoutException();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }
    }
}
