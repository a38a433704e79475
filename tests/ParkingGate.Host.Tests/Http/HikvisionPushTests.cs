using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Lanes;
using ParkingGate.Gate;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Http;

/// <summary>
/// Hikvision ANPR cameras over loopback: their multipart event pushes decided like any read, heartbeats and other
/// events never taken for reads, and the barrier lifted, held and let go through ISAPI behind a real Digest challenge;
/// a camera that refuses the account, fails or stays silent leaves an unconfirmed opening and a counted reason.
/// </summary>
public sealed class HikvisionPushTests : HttpPushFixture
{
    private const string User = "gate-operator";
    private const string Password = "Cam-Pass-4711";

    [Test]
    public async Task Reads_are_decided_the_barrier_is_called_with_digest_and_a_failing_camera_is_an_unconfirmed_opening()
    {
        var port = FreePort();
        UseHttpCameras("hikvision", port);
        await using var entry = await SimulatedHikvisionCamera.StartAsync(PushUrl(port, EntrySecret), "sn-in-1", "in-1", User, Password, TimeProvider.System);
        await using var exit = await SimulatedHikvisionCamera.StartAsync(PushUrl(port, ExitSecret), "sn-out-1", "out-1", User, Password, TimeProvider.System);
        CallCameras(entry.Address, exit.Address, User, Password);
        var (gate, database) = await StartGateAsync();
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        async Task<LaneDecision> DecidedAsync(string plate)
        {
            await UntilAsync(() => Task.FromResult(decisions.Any(d => d.Plate == plate)), $"a decision for {plate}");
            return decisions.Last(d => d.Plate == plate);
        }

        try
        {
            Assert.That(await entry.HeartbeatAsync(), Is.True);
            Assert.That(await entry.ReadAsync("粤B70001"), Is.True);
            var entered = await DecidedAsync("粤B70001");
            Assert.That((entered.Outcome, entered.Who, entry.Openings), Is.EqualTo((LaneOutcome.Opened, Visitor.Visitor, 1)));
            Assert.That(File.Exists(Path.Combine(gate.PictureFolder, entered.Picture!)), Is.True, "the detection picture is kept with the event");
            Assert.That(entry.Isapi.Refused, Is.Zero, "the digest was right the first time");
            Assert.That(decisions, Has.Count.EqualTo(1), "the heartbeat is no read");

            // The same event pushed again (same time, same plate): one passage, one opening.
            var at = DateTimeOffset.UtcNow;
            Assert.That(await entry.ReadAsync("粤B70009", at: at) && await entry.ReadAsync("粤B70009", at: at), Is.True);
            await UntilAsync(() => Task.FromResult(decisions.Count(d => d.Plate == "粤B70009" || d.PlateRead == "粤B70009") == 2), "both pushes decided");
            Assert.That(decisions.Where(d => d.PlateRead == "粤B70009").Select(d => d.Outcome), Is.EqualTo(new[] { LaneOutcome.Opened, LaneOutcome.Ignored }));
            Assert.That(entry.Openings, Is.EqualTo(2), "the resident of before and this visitor, once");

            foreach (var (mode, plate, reason) in new[]
            {
                (EndpointMode.Unauthorized, "粤B70002", "HTTP 401"), (EndpointMode.Error, "粤B70003", "HTTP 500"), (EndpointMode.Silent, "粤B70004", "did not answer within 2000 ms"),
            })
            {
                Assert.That(await entry.ReadAsync(plate), Is.True);
                await DecidedAsync(plate);
                exit.Isapi.Mode = mode;
                Assert.That(await exit.ReadAsync(plate), Is.True);
                await UntilAsync(() => Task.FromResult(decisions.Count(d => d.Plate == plate) == 2), $"{plate} at the exit");
                var left = decisions.Last(d => d.Plate == plate);
                Assert.That(left.Outcome, Is.EqualTo(LaneOutcome.OpenUncertain), mode.ToString());
                Assert.That(gate.Rejected.Keys, Has.Some.Contains("camera sn-out-1 (open)").And.Contains(reason));
            }

            Assert.That(exit.Openings, Is.Zero);
            Assert.That(gate.Rejected.Keys.Any(k => k.Contains(Password, StringComparison.Ordinal)), Is.False);
            exit.Isapi.Mode = EndpointMode.Normal;
            Assert.That(await entry.ReadAsync("粤B70005"), Is.True);
            await DecidedAsync("粤B70005");
            Assert.That(await exit.ReadAsync("粤B70005"), Is.True);
            await UntilAsync(() => Task.FromResult(decisions.Count(d => d.Plate == "粤B70005") == 2), "the last car at the exit");
            Assert.That((decisions.Last(d => d.Plate == "粤B70005").Outcome, exit.Openings), Is.EqualTo((LaneOutcome.Opened, 1)));
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [Test]
    public async Task A_hold_from_the_command_line_locks_the_barrier_through_isapi_and_a_release_unlocks_it()
    {
        var port = FreePort();
        UseHttpCameras("hikvision", port);
        await using var entry = await SimulatedHikvisionCamera.StartAsync(PushUrl(port, EntrySecret), "sn-in-1", "in-1", User, Password, TimeProvider.System);
        await using var exit = await SimulatedHikvisionCamera.StartAsync(PushUrl(port, ExitSecret), "sn-out-1", "out-1", User, Password, TimeProvider.System);
        CallCameras(entry.Address, exit.Address, User, Password);
        var (gate, database) = await StartGateAsync();
        var cli = new CliRunner(Folder);
        try
        {
            var held = await cli.RunAsync("lane", "hold", "--lane", "out-1", "--reason", "消防演练");
            Assert.That(held.ExitCode, Is.Zero, held.ToString);
            await UntilAsync(() => Task.FromResult(exit.HeldOpen), "the barrier locked up");
            Assert.That(await cli.RunAsync("lane", "release", "--lane", "out-1", "--reason", "演练结束") is { ExitCode: 0 }, Is.True);
            await UntilAsync(() => Task.FromResult(!exit.HeldOpen), "the barrier unlocked");
            Assert.That(exit.Log, Is.EqualTo(new[] { "barrier lock", "barrier unlock" }));
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [TestCase("<EventNotificationAlert><eventType>VMD</eventType><eventState>active</eventState></EventNotificationAlert>", 200, null)]
    [TestCase("<EventNotificationAlert><eventType>ANPR</eventType><dateTime>2026-03-02T08:00:00+08:00</dateTime><ANPR><confidenceLevel>90</confidenceLevel></ANPR></EventNotificationAlert>", 400, "ANPR.licensePlate is missing")]
    [TestCase("<EventNotificationAlert><eventType>ANPR</eventType><dateTime>yesterday</dateTime><ANPR><licensePlate>粤B1</licensePlate><confidenceLevel>90</confidenceLevel></ANPR></EventNotificationAlert>", 400, "dateTime 'yesterday' is not an ISO 8601 time")]
    [TestCase("<EventNotificationAlert><eventType>ANPR", 400, "not XML")]
    [TestCase("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><EventNotificationAlert><eventType>&e;</eventType></EventNotificationAlert>", 400, "not XML")]
    public async Task What_is_not_a_read_is_never_taken_for_one(string document, int status, string? reason)
    {
        var port = FreePort();
        UseHttpCameras("hikvision", port);
        await using var entry = await SimulatedHikvisionCamera.StartAsync(PushUrl(port, EntrySecret), "sn-in-1", "in-1", User, Password, TimeProvider.System);
        await using var exit = await SimulatedHikvisionCamera.StartAsync(PushUrl(port, ExitSecret), "sn-out-1", "out-1", User, Password, TimeProvider.System);
        CallCameras(entry.Address, exit.Address, User, Password);
        var (gate, database) = await StartGateAsync();
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        try
        {
            Assert.That(await entry.PostDocumentAsync(document), Is.EqualTo(status == 200));
            Assert.That(entry.LastStatus, Is.EqualTo(status));
            if (reason is not null)
            {
                Assert.That(gate.Rejected.Keys, Has.Some.Contains($"hikvision sn-in-1: {reason}"));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            Assert.That((decisions.Count, entry.Openings), Is.EqualTo((0, 0)));
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
