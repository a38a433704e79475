using System.Globalization;
using System.Text.Json;
using ParkingGate.Domain;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Desk.Pages;

/// <summary>What the booth's queue holds: every car at an exit waiting to pay and every read held for a person.</summary>
public sealed partial class BoothModel
{
    /// <summary>One row of the queue.</summary>
    /// <param name="Key">What <c>?sel=</c> selects it by: <c>s</c> and a stay id, or <c>h</c> and a held read's id.</param>
    /// <param name="At">When the car reached the lane.</param>
    /// <param name="Lane">The lane.</param>
    /// <param name="Plate">The plate (as read, for a held read).</param>
    /// <param name="State">What the car waits for, as the cashier reads it.</param>
    /// <param name="Amount">What is due, or empty.</param>
    /// <param name="Urgent">True when a car is at the barrier now (the last few minutes).</param>
    public sealed record QueueRow(string Key, DateTimeOffset At, string Lane, string Plate, string State, string Amount, bool Urgent);

    /// <summary>The selected exit, with what the booth shows beside it.</summary>
    public sealed record WaitingExit(Stay Stay, IReadOnlyList<string> Lines, IReadOnlyList<string> Reviews, string? EntryPicture, string? ExitPicture, IReadOnlyList<Stay> Owing)
    {
        /// <summary>What the plate owes from earlier stays.</summary>
        public long OwedFen => Owing.Sum(o => o.OwedFen ?? 0);
    }

    /// <summary>How recent a read must be for the car to count as still at the barrier.</summary>
    private static readonly TimeSpan AtTheBarrier = TimeSpan.FromMinutes(10);

    /// <summary>The queue, newest first (the car at the barrier now on top; months-old leftovers at the bottom).</summary>
    public List<QueueRow> Queue { get; } = [];

    /// <summary>The selected row's key.</summary>
    public string? Selected { get; private set; }

    /// <summary>The selected exit, when an exit is selected.</summary>
    public WaitingExit? Exit { get; private set; }

    /// <summary>The selected held read, when one is selected.</summary>
    public LaneEventRecord? HeldRead { get; private set; }

    /// <summary>Cars inside an exit with no entry record could be, with their entry pictures (filtered by the form).</summary>
    public IReadOnlyList<(Stay Stay, string? Picture)> InsideCandidates { get; private set; } = [];

    /// <summary>For a read held at an exit: the cars inside under a temporary id (无牌…), with their entry pictures.</summary>
    public IReadOnlyList<(Stay Stay, string? Picture)> UnplatedInside { get; private set; } = [];

    /// <summary>The entry lanes, where a car without a plate can be let in.</summary>
    public IReadOnlyList<string> EntryLanes => [.. Desk.Gate.Lanes.Where(l => !l.IsExit).Select(l => l.Id)];

    /// <summary>A fingerprint of the queue: the page's script reloads when it changes.</summary>
    public string Version { get; private set; } = "";

    private async Task LoadAsync(string? select, CancellationToken cancellationToken)
    {
        Shift = await shifts.CurrentShiftAsync(cancellationToken);
        var now = Desk.Time.GetUtcNow();
        Offline = await offline.RecentAsync(now.AddHours(-12), cancellationToken);
        var held = await laneEvents.HeldAsync(now.AddMinutes(-Desk.HeldMinutes), 50, cancellationToken);
        var waiting = await stays.ListAsync(StayStatus.AwaitingPayment, 100, cancellationToken);
        var owing = (await stays.AllOwingAsync(500, cancellationToken)).GroupBy(o => o.Plate).ToDictionary(g => g.Key, g => g.Sum(o => o.OwedFen ?? 0));
        foreach (var h in held)
        {
            Queue.Add(new QueueRow($"h{h.Id}", h.AtUtc, h.Lane, h.PlateRead ?? T("（未识别）", "(unread)"), T("待人工确认", "to decide"), "", now - h.AtUtc < AtTheBarrier));
        }

        foreach (var s in waiting)
        {
            var owed = owing.GetValueOrDefault(s.Plate);
            var state = s.EntryUtc is null ? T("无入场记录", "no entry record")
                : s.QuoteJson?.Contains("\"Reviews\":[{", StringComparison.Ordinal) == true ? T("需复核", "to review")
                : owed > 0 ? T("欠费待缴", "owes") : T("待缴费", "to pay");
            var amount = s.EntryUtc is null && s.DueFen is null or 0 ? "" : Money.Yuan((s.DueFen ?? 0) + owed);
            var at = s.ExitUtc ?? s.UpdatedUtc;
            Queue.Add(new QueueRow($"s{s.Id}", at, s.ExitLane ?? "", s.Plate, state, amount, now - at < AtTheBarrier));
        }

        Queue.Sort((a, b) => b.At.CompareTo(a.At));
        Version = string.Join(',', Queue.Select(q => q.Key + ":" + q.Amount));
        Selected = select is not null && Queue.Any(q => q.Key == select) ? select : Queue.FirstOrDefault()?.Key;
        if (Selected is ['h', .. var heldId])
        {
            HeldRead = held.First(h => h.Id == long.Parse(heldId, CultureInfo.InvariantCulture));
            if (!Desk.Gate.IsEntryLane(HeldRead.Lane))
            {
                var unplated = await stays.InsideAsync(StayStore.UnplatedPrefix, null, null, 12, cancellationToken);
                var pictures = await laneEvents.FirstPicturesAsync([.. unplated.Select(s => s.Id)], cancellationToken);
                UnplatedInside = [.. unplated.Where(s => s.Plate.StartsWith(StayStore.UnplatedPrefix, StringComparison.Ordinal)).Select(s => (s, pictures.GetValueOrDefault(s.Id)))];
            }
        }
        else if (Selected is ['s', .. var stayId])
        {
            var stay = waiting.First(s => s.Id == long.Parse(stayId, CultureInfo.InvariantCulture));
            var (lines, reviews) = Explain(stay.QuoteJson);
            var events = await laneEvents.ForStayAsync(stay.Id, cancellationToken);
            var entry = events.FirstOrDefault(e => e.Lane == stay.EntryLane && e.Picture is not null)?.Picture;
            var exit = events.LastOrDefault(e => e.Lane == stay.ExitLane && e.Picture is not null)?.Picture;
            Exit = new WaitingExit(stay, lines, reviews, entry, exit, owing.ContainsKey(stay.Plate) ? await stays.OwingAsync(stay.Plate, cancellationToken) : []);
            if (stay.EntryUtc is null)
            {
                await FindInsideAsync(stay, cancellationToken);
            }
        }
    }

    /// <summary>The cars inside the no-entry exit could be, filtered by part of a plate and an entry time range.</summary>
    private async Task FindInsideAsync(Stay stay, CancellationToken cancellationToken)
    {
        var (from, until) = (LocalToday(Filter.From), LocalToday(Filter.Until));
        var inside = await stays.InsideAsync(Filter.Part, from, until ?? stay.ExitUtc, 12, cancellationToken);
        var pictures = await laneEvents.FirstPicturesAsync([.. inside.Select(s => s.Id)], cancellationToken);
        InsideCandidates = [.. inside.Select(s => (s, pictures.GetValueOrDefault(s.Id)))];
    }

    /// <summary>
    /// A local time typed at the booth as an instant: <c>HH:mm</c> is today (yesterday when that is still to come),
    /// <c>MM-dd HH:mm</c> and <c>yyyy-MM-dd HH:mm</c> name the day; null for anything else.
    /// </summary>
    private DateTimeOffset? LocalToday(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var text = typed.Trim().Replace('：', ':');
        var local = TimeZoneInfo.ConvertTime(Desk.Time.GetUtcNow(), Desk.Zone);
        if (TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            var at = Instant(DateOnly.FromDateTime(local.DateTime).ToDateTime(time));
            return at > Desk.Time.GetUtcNow() ? at.AddDays(-1) : at;
        }

        if (DateTime.TryParseExact(text, ["yyyy-MM-dd H:mm", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var full))
        {
            return Instant(full);
        }

        return DateTime.TryParseExact($"{local.Year}-{text}", ["yyyy-MM-dd H:mm", "yyyy-MM-dd HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dated)
            ? Instant(dated)
            : null;
    }

    private DateTimeOffset Instant(DateTime local) =>
        new(local, Desk.Zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));

    /// <summary>The quote's explanation lines and review reasons, in the chosen language.</summary>
    private (List<string> Lines, List<string> Reviews) Explain(string? quoteJson)
    {
        var lines = new List<string>();
        var reviews = new List<string>();
        if (quoteJson is null)
        {
            return (lines, reviews);
        }

        using var quote = JsonDocument.Parse(quoteJson);
        if (quote.RootElement.TryGetProperty("Lines", out var all))
        {
            lines.AddRange(all.EnumerateArray().Select(Text));
        }

        if (quote.RootElement.TryGetProperty("Reviews", out var flagged))
        {
            reviews.AddRange(flagged.EnumerateArray().Select(r => Text(r.GetProperty("Reason"))));
        }

        return (lines, reviews);
    }

    private string Text(JsonElement localized) => (English ? localized.GetProperty("En") : localized.GetProperty("Zh")).GetString() ?? "";
}
