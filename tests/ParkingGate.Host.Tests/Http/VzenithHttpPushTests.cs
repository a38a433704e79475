using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Lanes;
using ParkingGate.Gate.Settlement;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Http;

/// <summary>
/// Vzenith cameras set to HTTP push, against the device listener on loopback: each read is decided while the camera
/// waits and the reply opens it (or not) with the board's words; a booth's opening rides on the camera's next
/// heartbeat; reads it kept while the PC was down are replayed one at a time and taken in once each; its inputs
/// feed the ground-loop logic.
/// </summary>
public sealed class VzenithHttpPushTests : HttpPushFixture
{
    [Test]
    public async Task Reads_are_decided_in_the_reply_and_a_booth_opening_rides_on_the_next_heartbeat()
    {
        var port = FreePort();
        UseHttpCameras("vzenith-http", port);
        var (gate, database) = await StartGateAsync();
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        using var entry = new SimulatedVzenithHttpCamera(PushUrl(port, EntrySecret), "sn-in-1", "in-1", TimeProvider.System);
        using var exit = new SimulatedVzenithHttpCamera(PushUrl(port, ExitSecret), "sn-out-1", "out-1", TimeProvider.System);
        try
        {
            Assert.That(await entry.ReadAsync("粤B12345"), Is.True, entry.LastReply.Body);
            Assert.That(entry.Openings, Is.EqualTo(1), "the reply to the read itself opened the barrier");
            Assert.That(entry.Spoken, Is.Not.Empty, "the board's words came in the same reply");
            await UntilAsync(() => Task.FromResult(decisions.Any(d => d.Plate == "粤B12345")), "the decision announced (after the reply went)");
            Assert.That(decisions.Single(d => d.Plate == "粤B12345").Outcome, Is.EqualTo(LaneOutcome.Opened), "confirmed: the reply reached the camera");
            Assert.That(entry.LastReply.Body, Does.Contain("\"plateid\":100001").And.Contain("retransfer_stop"));
            Assert.That(await entry.ReadAsync("粤B12345", recordId: 100_001), Is.True, "the same record sent again (the answer was lost on its way)");
            Assert.That((entry.Openings, entry.LastReply.Body.Contains("\"info\":\"ok\"", StringComparison.Ordinal)), Is.EqualTo((2, true)), "answered as before, not decided again");
            Assert.That(decisions.Count(d => d.Plate == "粤B12345"), Is.EqualTo(1), "one passage");

            // A visitor who came in three hours ago (entered at the booth) owes a fee: the reply does not open.
            var inside = await gate.Stays.EnterAsync(new StayEntry(Plate.Parse("粤B54321"), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "zhou");
            Assert.That(inside.IsSuccess, Is.True);
            Assert.That(await exit.ReadAsync("粤B54321"), Is.True);
            await UntilAsync(() => Task.FromResult(decisions.Any(d => d.Plate == "粤B54321")), "the exit's decision announced");
            var owing = decisions.Single(d => d.Plate == "粤B54321");
            Assert.That((owing.Outcome, exit.Openings), Is.EqualTo((LaneOutcome.AwaitingPayment, 0)));
            Assert.That(exit.Spoken, Has.Some.Contains("请缴费"));

            // The cashier takes the money; the camera cannot be called, so the opening waits for its heartbeat.
            await new ShiftBook(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, "fenglin-anzhi")).OpenShiftAsync(0, "zhou");
            var paying = gate.Settlement.PayCashAsync(owing.StayId!.Value, owing.DueFen!.Value, "zhou");
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
            Assert.That(paying.IsCompleted, Is.False, "nothing opens before the camera asks");
            await exit.HeartbeatAsync();
            var paid = await paying;
            Assert.That((paid.IsSuccess, paid.Value!.Opening, exit.Openings), Is.EqualTo((true, ExitOpening.Opened, 1)));
            Assert.That(exit.LastReply.Body, Does.Contain("opendoor"));
            await exit.HeartbeatAsync();
            Assert.That((exit.Openings, exit.LastReply.Body.Contains("\"info\":\"no\"", StringComparison.Ordinal)), Is.EqualTo((1, true)), "an opening is carried once");
            Assert.That(gate.LastSeen.Keys, Does.Contain("sn-out-1"), "heartbeats mark the camera alive");
            Assert.That(gate.Rejected.Keys.Any(k => k.Contains(exit.WebPassword, StringComparison.Ordinal)), Is.False);
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [Test]
    public async Task Reads_kept_while_the_pc_was_down_are_replayed_one_at_a_time_and_taken_in_once()
    {
        var port = FreePort();
        UseHttpCameras("vzenith-http", port);
        using var entry = new SimulatedVzenithHttpCamera(PushUrl(port, EntrySecret), "sn-in-1", "in-1", TimeProvider.System, TimeSpan.FromSeconds(2));
        Assert.That(await entry.ReadAsync("粤B11111"), Is.False, "nobody listens yet");
        Assert.That(await entry.ReadAsync("粤B22222"), Is.False);
        Assert.That(entry.Kept, Is.EqualTo(2));

        var (gate, database) = await StartGateAsync();
        try
        {
            Assert.That(await entry.ReplayAsync(), Is.EqualTo(2));
            Assert.That(entry.LastReply.Body, Does.Contain("ContinuePushOffline"));
            var events = new Storage.Lanes.LaneEventStore(database);
            Assert.That(await events.HasCameraRecordAsync("vzenith:sn-in-1:100001"), Is.True, "the record is kept under the camera's record id");

            // The camera resends a record (a live read interrupted the replay): acknowledged again, taken in once.
            var again = await entry.PostRawAsync(Resent("sn-in-1", 100_001, "粤B11111"), "application/json");
            Assert.That(again, Is.EqualTo((200, again.Body)));
            Assert.That(again.Body, Does.Contain("\"plateid\":100001"));
            var all = await events.LatestAsync("in-1");
            Assert.That(all.Count(e => e.PlateRead == "粤B11111"), Is.EqualTo(1), string.Join("\n", all.Select(e => $"{e.PlateRead} {e.Outcome} {e.Reason.Zh}")));
            Assert.That(all.Count(e => e.PlateRead == "粤B22222"), Is.EqualTo(1));
            Assert.That(await new StayStore(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, "fenglin-anzhi")).OpenPlatesAsync(), Is.Empty,
                "the camera opened for neither (no list over HTTP): no stay");
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    private static string Resent(string sn, long id, string plate)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
        return new System.Text.Json.Nodes.JsonObject
        {
            ["AlarmInfoPlate"] = new System.Text.Json.Nodes.JsonObject
            {
                ["serialno"] = sn,
                ["result"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["PlateResult"] = System.Text.Json.Nodes.JsonNode.Parse(
                        $"{{\"license\":\"{plate}\",\"confidence\":95,\"colorType\":1,\"plateid\":{id},\"isoffline\":1,\"gioouts\":[{{\"ionum\":0,\"ctrltype\":0}}],\"timeStamp\":{{\"Timeval\":{{\"sec\":{at},\"usec\":0}}}}}}"),
                },
            },
        }.ToJsonString();
    }

    [Test]
    public async Task The_ground_loop_reported_by_push_counts_a_second_car_through_one_opening_as_tailgating()
    {
        var port = FreePort();
        UseHttpCameras("vzenith-http", port, json => json["lanes"]![0]!["loopInput"] = 0);
        var (gate, database) = await StartGateAsync();
        using var entry = new SimulatedVzenithHttpCamera(PushUrl(port, EntrySecret), "sn-in-1", "in-1", TimeProvider.System);
        try
        {
            Assert.That(await entry.ReadAsync("粤B60004"), Is.True);
            foreach (var on in new[] { true, false, true, false })
            {
                await entry.InputAsync(0, on);
            }

            var events = new Storage.Lanes.LaneEventStore(database);
            await UntilAsync(async () => (await events.HeldAsync(DateTimeOffset.UtcNow.AddMinutes(-1))).Any(e => e.Reason.Zh.StartsWith("尾随", StringComparison.Ordinal)),
                "tailgating on the booth's queue");
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [Test]
    public async Task What_is_not_a_push_from_a_configured_camera_is_refused_counted_and_opens_nothing()
    {
        var port = FreePort();
        UseHttpCameras("vzenith-http", port, json => json["http"]!["devices"]![1]!["from"] = "10.9.9.9");
        var (gate, database) = await StartGateAsync();
        using var entry = new SimulatedVzenithHttpCamera(PushUrl(port, EntrySecret), "sn-in-1", "in-1", TimeProvider.System);
        using var stranger = new SimulatedVzenithHttpCamera(PushUrl(port, "not-a-secret-of-anyone"), "sn-in-1", "in-1", TimeProvider.System);
        using var exit = new SimulatedVzenithHttpCamera(PushUrl(port, ExitSecret), "sn-out-1", "out-1", TimeProvider.System);
        try
        {
            Assert.That(await stranger.ReadAsync("粤B10001"), Is.False);
            Assert.That(stranger.LastReply.Status, Is.EqualTo(404));
            Assert.That(await exit.ReadAsync("粤B10002"), Is.False, "its address is not the configured one");
            Assert.That(exit.LastReply.Status, Is.EqualTo(403));
            Assert.That(await entry.ReadAsync("粤B10003", asSn: "sn-out-1"), Is.False, "a read that names another camera");
            Assert.That(entry.LastReply.Status, Is.EqualTo(403));

            var cases = new (string Body, string Type, int Status)[]
            {
                ("{\"AlarmInfoPlate\":", "application/json", 400),
                ("<EventNotificationAlert/>", "application/xml", 400),
                ("{\"AlarmInfoPlate\":{\"serialno\":\"sn-in-1\",\"result\":{\"PlateResult\":{\"plate\":\"粤B10004\"}}}}", "application/json", 400),
                ("{\"Something\":{}}", "application/json", 400),
                ("device_name=IVS&user_name=admin&pass_wd=secret-pass-99", "application/x-www-form-urlencoded", 400),
                ("--x\r\nContent-Disposition: form-data; name=\"serialno\"\r\n\r\nsn-in-1\r\n", "multipart/form-data; boundary=x", 400),
            };
            foreach (var (body, type, status) in cases)
            {
                var answer = await entry.PostRawAsync(body, type);
                Assert.That(answer.Status, Is.EqualTo(status), $"{type}: {body[..Math.Min(body.Length, 60)]}");
            }

            // A body over the limit: answered 413, or the connection closed while the camera was still sending.
            try
            {
                Assert.That((await entry.PostRawAsync(new string('a', 70 * 1024), "application/json")).Status, Is.EqualTo(413));
            }
            catch (HttpRequestException)
            {
                // closed mid-body: refused all the same (counted below)
            }

            Assert.That((await entry.PostRawAsync("{}", "application/json", new Uri($"http://127.0.0.1:{port}/other"))).Status, Is.EqualTo(404));

            // A client that sends half its headers and then nothing: the listener closes it and counts it.
            using (var slow = new TcpClient())
            {
                await slow.ConnectAsync("127.0.0.1", port);
                var stream = slow.GetStream();
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /push/{EntrySecret} HTTP/1.1\r\nHost: x\r\n"));
                var buffer = new byte[512];
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var read = await stream.ReadAsync(buffer, wait.Token); // the server closes (a 408 first, or nothing)
                Assert.That(read, Is.GreaterThanOrEqualTo(0));
            }

            await UntilAsync(() => Task.FromResult(gate.Rejected.Keys.Any(k => k.Contains("before a whole request came", StringComparison.Ordinal))), "the slow client counted");
            var reasons = gate.Rejected.Keys.ToList();
            Assert.That(reasons, Has.Some.Contains("no device has that push URL"));
            Assert.That(reasons, Has.Some.Contains("not from its address 10.9.9.9"));
            Assert.That(reasons, Has.Some.Contains("the read says it is from sn-out-1"));
            Assert.That(reasons, Has.Some.Contains("over the limit"));
            Assert.That(reasons, Has.Some.Contains("heartbeat: no serialno field"));
            Assert.That(reasons.Any(r => r.Contains("not-a-secret", StringComparison.Ordinal) || r.Contains(EntrySecret, StringComparison.Ordinal) || r.Contains("secret-pass-99", StringComparison.Ordinal)),
                Is.False, "neither a URL's secret nor a password is ever in a reason");
            Assert.That((entry.Openings, exit.Openings, stranger.Openings), Is.EqualTo((0, 0, 0)));
            Assert.That(await new StayStore(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, "fenglin-anzhi")).OpenPlatesAsync(), Is.Empty);

            Assert.That(await entry.ReadAsync("粤B10005"), Is.True, "the listener still serves the camera");
            Assert.That(entry.Openings, Is.EqualTo(1));
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
