using ParkingGate.Devices;
using ParkingGate.Devices.Families;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Outputs;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Gate.Tests;

/// <summary>
/// The outputs of a lane whose camera pushes and waits: what the lane does while a read is decided goes into that
/// read's reply; an opening sends it at once and is confirmed by its delivery; anything later waits for the camera's
/// next request, and an opening nobody carried in time is taken back.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PushRepliesTests
{
    private static readonly CameraAddress Camera = new("vzenith-http", "sn-in-1");
    private readonly RecordingOutputs _inner = new();

    private PushReplies Outputs(TimeSpan? heartbeatWait = null) => new(_inner,
        new Dictionary<string, PushLane>(StringComparer.Ordinal) { ["in-1"] = new(Camera, Relay: true, Display: true, TimeSpan.FromSeconds(2)) }, heartbeatWait);

    private static CameraRead Read(string id) => new("vzenith", "sn-in-1", id, "粤B12345", PlateColor.Blue, 95, DateTimeOffset.UtcNow, null);

    private static string Spoken(byte[] frame) => LedVoiceFrame.TryReadSpeech(frame, out var text, out _, out _) ? text : "?";

    [Test]
    public async Task An_opening_sends_the_reply_at_once_with_what_was_shown_and_is_confirmed_by_its_delivery()
    {
        var outputs = Outputs();
        var answer = outputs.AwaitAsync("in-1", Read("http-1"), TimeSpan.FromSeconds(5), CancellationToken.None);
        outputs.Begin("in-1", Read("http-1"));
        await outputs.ShowAsync("in-1", new("粤B12345 欢迎光临", "welcome"), CancellationToken.None);
        var opening = outputs.OpenGateAsync("in-1", CancellationToken.None);
        var reply = await answer;
        Assert.That((reply.Taken, reply.Open, reply.Frames.Select(Spoken).Single()), Is.EqualTo((true, true, "粤B12345 欢迎光临")));
        Assert.That(opening.IsCompleted, Is.False, "confirmed only once the reply reached the camera");
        reply.Delivered!(true);
        Assert.That(await opening, Is.EqualTo(RelayResult.Confirmed));
        outputs.End("in-1", taken: true);
        Assert.That(_inner.Openings, Is.Empty);

        // The same again, but the camera had gone when the reply was written.
        var second = outputs.AwaitAsync("in-1", Read("http-2"), TimeSpan.FromSeconds(5), CancellationToken.None);
        outputs.Begin("in-1", Read("http-2"));
        var lost = outputs.OpenGateAsync("in-1", CancellationToken.None);
        (await second).Delivered!(false);
        Assert.That(await lost, Is.EqualTo(RelayResult.NoReply));
    }

    [Test]
    public async Task A_read_that_does_not_open_is_answered_when_its_decision_is_done_and_later_words_wait_for_the_heartbeat()
    {
        var outputs = Outputs();
        var answer = outputs.AwaitAsync("in-1", Read("http-3"), TimeSpan.FromSeconds(5), CancellationToken.None);
        outputs.Begin("in-1", Read("http-3"));
        await outputs.ShowAsync("in-1", new("请稍候", "wait"), CancellationToken.None);
        Assert.That(answer.IsCompleted, Is.False);
        outputs.End("in-1", taken: true);
        var reply = await answer;
        Assert.That((reply.Taken, reply.Open, reply.Frames.Count), Is.EqualTo((true, false, 1)));

        foreach (var n in Enumerable.Range(1, 6))
        {
            await outputs.ShowAsync("in-1", new($"消息{n}", $"message {n}"), CancellationToken.None);
        }

        var waiting = outputs.TakeWaiting(Camera);
        Assert.That(waiting!.Frames.Select(Spoken), Is.EqualTo(new[] { "消息3", "消息4", "消息5", "消息6" }), "the newest few, as for a serial board");
        Assert.That(outputs.TakeWaiting(Camera), Is.Null, "taken whole");
    }

    [Test]
    public async Task A_booth_opening_rides_on_the_next_request_or_is_taken_back_when_none_comes_in_time()
    {
        var outputs = Outputs(TimeSpan.FromMilliseconds(300));
        var opening = outputs.OpenGateAsync("in-1", CancellationToken.None);
        var carried = outputs.TakeWaiting(Camera);
        Assert.That((carried!.Open, carried.Hold), Is.EqualTo((true, (bool?)null)));
        carried.Delivered(true);
        Assert.That(await opening, Is.EqualTo(RelayResult.Confirmed));

        Assert.That(await outputs.OpenGateAsync("in-1", CancellationToken.None), Is.EqualTo(RelayResult.NoReply), "no request came within the wait");
        Assert.That(outputs.TakeWaiting(Camera), Is.Null, "never an opening long after the car has gone");

        var hold = outputs.HoldGateAsync("in-1", true, CancellationToken.None);
        var held = outputs.TakeWaiting(Camera);
        Assert.That((held!.Open, held.Hold), Is.EqualTo((false, (bool?)true)));
        held.Delivered(true);
        Assert.That(await hold, Is.EqualTo(RelayResult.Confirmed));
    }

    [Test]
    public async Task A_camera_that_stopped_waiting_gets_nothing_more_in_that_reply_and_other_lanes_pass_through()
    {
        var outputs = Outputs(TimeSpan.FromMilliseconds(300));
        var answer = await outputs.AwaitAsync("in-1", Read("http-4"), TimeSpan.FromMilliseconds(50), CancellationToken.None);
        Assert.That((answer.Taken, answer.Open), Is.EqualTo((false, false)), "the decision took longer than the camera waits");
        outputs.Begin("in-1", Read("http-4")); // the lane gets to it late: nothing is waiting any more
        var late = outputs.OpenGateAsync("in-1", CancellationToken.None);
        Assert.That(outputs.TakeWaiting(Camera)!.Open, Is.True, "the late opening waits for the camera's next request");
        outputs.End("in-1", taken: true);
        _ = late;

        await outputs.OpenGateAsync("out-1", CancellationToken.None);
        await outputs.ShowAsync("out-1", new("一路顺风", "goodbye"), CancellationToken.None);
        Assert.That((_inner.Openings.Single(), _inner.Shown.Single().Message.Zh), Is.EqualTo(("out-1", "一路顺风")));
    }

    [Test]
    public async Task A_read_sent_again_gets_the_answer_it_got_before_and_one_never_answered_gets_none()
    {
        var outputs = Outputs();
        var answer = outputs.AwaitAsync("in-1", Read("http-5"), TimeSpan.FromSeconds(5), CancellationToken.None);
        outputs.Begin("in-1", Read("http-5"));
        await outputs.ShowAsync("in-1", new("欢迎回家", "welcome home"), CancellationToken.None);
        var opening = outputs.OpenGateAsync("in-1", CancellationToken.None);
        (await answer).Delivered!(true);
        await opening;
        outputs.End("in-1", taken: true);

        var again = outputs.Answered("in-1", "http-5");
        Assert.That((again!.Taken, again.Open, again.Frames.Select(Spoken).Single(), again.Delivered), Is.EqualTo((true, true, "欢迎回家", (Action<bool>?)null)));
        Assert.That(outputs.Answered("in-1", "http-6"), Is.Null);
        Assert.That(outputs.Answered("out-1", "http-5"), Is.Null, "per lane");
    }
}
