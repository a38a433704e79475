using ParkingGate.Domain.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Storage;

/// <summary>
/// The text each enum column holds, spelled once and parsed once when a row is read. (Dapper's own place for this, a
/// type handler per type, is not called for enum types: DapperLib/Dapper#259. So rows read these columns as text and
/// map them here, and parameters are written through the same table.)
/// </summary>
public static class StoredNames
{
    /// <summary><c>stays.status</c>.</summary>
    public static readonly StoredName<StayStatus> StayStatus = new(
        "stays.status",
        (Stays.StayStatus.Inside, "inside"), (Stays.StayStatus.AwaitingPayment, "awaiting-payment"), (Stays.StayStatus.Closed, "closed"));

    /// <summary><c>stays.closed_how</c>.</summary>
    public static readonly StoredName<StayClosing> StayClosing = new(
        "stays.closed_how",
        (Stays.StayClosing.Paid, "paid"), (Stays.StayClosing.Free, "free"), (Stays.StayClosing.Manual, "manual"));

    /// <summary><c>lane_events.outcome</c>.</summary>
    public static readonly StoredName<LaneOutcome> Outcome = new(
        "lane_events.outcome",
        (LaneOutcome.Opened, "opened"), (LaneOutcome.OpenUncertain, "open-uncertain"), (LaneOutcome.Refused, "refused"),
        (LaneOutcome.Held, "held"), (LaneOutcome.AwaitingPayment, "awaiting-payment"), (LaneOutcome.Ignored, "ignored"));

    /// <summary><c>lane_events.who</c>.</summary>
    public static readonly StoredName<Visitor> Who = new(
        "lane_events.who",
        (Visitor.Unknown, "unknown"), (Visitor.Resident, "resident"), (Visitor.PassHolder, "passholder"), (Visitor.Visitor, "visitor"),
        (Visitor.Blocked, "blocked"), (Visitor.Special, "special"));
}

/// <summary>The two-way map between an enum and the text its column stores.</summary>
/// <typeparam name="T">The enum.</typeparam>
public sealed class StoredName<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, string> _text;
    private readonly Dictionary<string, T> _value;

    /// <summary>Creates the map; every member of <typeparamref name="T"/> must have exactly one name.</summary>
    public StoredName(string column, params (T Value, string Text)[] names)
    {
        Column = column;
        _text = names.ToDictionary(n => n.Value, n => n.Text);
        _value = names.ToDictionary(n => n.Text, n => n.Value, StringComparer.Ordinal);
        var missing = Enum.GetValues<T>().Where(v => !_text.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{column}: no stored name for {string.Join(", ", missing)}");
        }
    }

    /// <summary>The column, for messages.</summary>
    public string Column { get; }

    /// <summary>Every stored name, in declaration order.</summary>
    public IEnumerable<string> Names => _text.Values;

    /// <summary>The text stored for <paramref name="value"/>.</summary>
    public string this[T value] => _text[value];

    /// <summary>The value of a stored text; a text no version wrote is a damaged row and says so.</summary>
    public T Parse(string text) =>
        _value.TryGetValue(text, out var value)
            ? value
            : throw new InvalidDataException($"{Column} holds '{text}', which is none of {string.Join(", ", _text.Values)}");

    /// <summary>The value of a text typed by a person, or null.</summary>
    public T? TryParse(string? text) => text is not null && _value.TryGetValue(text, out var value) ? value : null;
}
