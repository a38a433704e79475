using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Storage.Conduct;

/// <summary>
/// The entry board's reminder for a plate with a violation within the rules' <see cref="ConductRules.ReminderDays"/>
/// (withdrawn ones left out, corrections applied): the reminder of the latest one's kind, e.g. 请勿占用消防通道.
/// </summary>
public sealed class ConductReminders(ConductStore store, ConductRules rules) : IConductReminders
{
    /// <inheritdoc />
    public async Task<LocalizedText?> ReminderAsync(string plate, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (rules.ReminderDays == 0)
        {
            return null;
        }

        var since = at.AddDays(-rules.ReminderDays);
        var latest = ConductView.Violations(await store.WrittenSinceAsync(since, cancellationToken))
            .Where(v => !v.Withdrawn && v.Plate == plate && v.OccurredUtc >= since && v.OccurredUtc <= at)
            .MaxBy(v => v.OccurredUtc);
        return latest is null ? null : rules.Find(latest.Offence)?.Reminder;
    }
}
