using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>
/// The visitor spaces left, over the embedded broker: published retained (a monitor that subscribes later gets the
/// number at once) and shown without speech on the entry board once the lane is quiet.
/// </summary>
public sealed class FreeSpacesTests : FolderFixture
{
    private const string Password = "camera-secret";

    private static Task UntilAsync(Func<bool> condition, string what) => Until.TrueAsync(condition, what);

    [Test]
    public async Task The_free_visitor_spaces_are_published_retained_and_shown_on_the_idle_entry_board()
    {
        Folder.UseEmbeddedBroker(Password, "in-1", "out-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var total = options.Estate.Spaces.Total - options.Estate.Spaces.ResidentReserved;
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        gate.BoardIdleAfter = TimeSpan.FromSeconds(1);
        var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-in-1", Password, "sn-in-1", "in-1", TimeProvider.System);
        try
        {
            await UntilAsync(() => camera.Shown.Contains($"空余车位 {total}"), "the idle board showing the free spaces");
            Assert.That(camera.Spoken, Has.None.Contains("空余车位"), "shown, never spoken");

            await camera.ReadAsync("粤B31001");
            await UntilAsync(() => gate.FreeSpaces == total - 1, "one space fewer after a visitor came in");
            await UntilAsync(() => camera.Shown.Contains($"空余车位 {total - 1}"), "the board showing the new number once the lane is quiet");

            // A monitor that subscribes now gets the number at once: the message is retained.
            using var monitor = new MqttClientFactory().CreateMqttClient();
            string? received = null;
            monitor.ApplicationMessageReceivedAsync += e =>
            {
                received = e.ApplicationMessage.ConvertPayloadToString();
                return Task.CompletedTask;
            };
            await monitor.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gate.BrokerPort).WithClientId("spaces-monitor")
                .WithCredentials(EmbeddedBroker.ServiceUser, gate.ServicePassword).Build());
            await monitor.SubscribeAsync(GateRuntime.SpacesTopic("fenglin-anzhi"));
            await UntilAsync(() => received is not null, "the retained number");
            using var json = JsonDocument.Parse(received!);
            Assert.That((json.RootElement.GetProperty("visitorSpaces").GetInt32(), json.RootElement.GetProperty("free").GetInt32()), Is.EqualTo((total, total - 1)));
        }
        finally
        {
            await camera.DisposeAsync();
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
