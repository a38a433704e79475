using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Host.Configuration;

/// <summary>The gate's rules, its special vehicles and unattended running.</summary>
public static partial class ConfigValidator
{
    /// <summary><c>gate</c>: each number in its range, named by its key, with what it means where that helps.</summary>
    private static void ValidateGate(GateRuleOptions gate, List<string> errors)
    {
        Between(errors, "gate.staleAfterSeconds", gate.StaleAfterSeconds, 1, 600);
        Between(errors, "gate.dedupeSeconds", gate.DedupeSeconds, 0, 600);
        Between(errors, "gate.heldMinutes", gate.HeldMinutes, 1, 1440, "minutes a read held for the booth waits before it expires");
        Between(errors, "gate.pictureDays", gate.PictureDays, 1, 3650);
        Between(errors, "gate.minConfidence", gate.MinConfidence, 0, 100);
        if (gate.ListCheckHour is < 0 or > 23)
        {
            errors.Add($"gate.listCheckHour {gate.ListCheckHour} must be an hour of the day, 0–23");
        }

        Between(errors, "gate.passSeconds", gate.PassSeconds, 5, 600, "seconds a car has to cross the ground loop after the barrier opens");
        Between(errors, "gate.passReminderDays", gate.PassReminderDays, 0, 31, "days before a pass ends that the board tells its driver; 0 for never");
        if (gate.ExtraCars.Parsed is not { } extra)
        {
            errors.Add($"gate.extraCars.rule '{gate.ExtraCars.Rule}' must be allow (let in), visitor (charged as a visitor from entry) or refuse");
        }
        else if (extra != ExtraCarRule.Allow && string.IsNullOrWhiteSpace(gate.ExtraCars.Approval))
        {
            errors.Add($"gate.extraCars.approval is required for rule {gate.ExtraCars.Rule}: a rule that makes a resident pay or turns a resident away needs the meeting that approved it");
        }
        Between(errors, "gate.holdAlertHours", gate.HoldAlertHours, 1, 168, "hours a lane may be held open before it is warned of");
        ValidateSpecialVehicles(gate.SpecialVehicles, errors);
    }

    /// <summary>Adds "KEY VALUE must be between MIN and MAX (what it means)" when <paramref name="value"/> is outside.</summary>
    private static void Between(List<string> errors, string key, long value, long min, long max, string? meaning = null)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} {value} must be between {min} and {max}{(meaning is null ? "" : $" ({meaning})")}");
        }
    }

    /// <summary><c>gate.specialVehicles</c>: each kind named, covering plates by a prefix, a suffix or a list of plates.</summary>
    private static void ValidateSpecialVehicles(IReadOnlyList<SpecialVehicleOptions>? kinds, List<string> errors)
    {
        if (kinds is null)
        {
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < kinds.Count; i++)
        {
            var kind = kinds[i];
            var at = $"gate.specialVehicles[{i}]";
            if (kind is null)
            {
                errors.Add($"{at} is empty: give a name and a prefix, a suffix or plates");
                continue;
            }

            if (string.IsNullOrWhiteSpace(kind.Name) || kind.Name.Trim().Length > 20)
            {
                errors.Add($"{at}.name '{kind.Name}' must be 1–20 characters (shown on the board and in the reports)");
            }
            else if (!names.Add(kind.Name.Trim()))
            {
                errors.Add($"{at}.name '{kind.Name}' is listed twice");
            }

            if (string.IsNullOrWhiteSpace(kind.Prefix) && string.IsNullOrWhiteSpace(kind.Suffix) && kind.Plates.Count == 0)
            {
                errors.Add($"{at} ('{kind.Name}') covers no plate: give a prefix (e.g. \"WJ\"), a suffix (e.g. \"警\") or plates");
            }

            foreach (var (field, value) in new[] { ("prefix", kind.Prefix), ("suffix", kind.Suffix) })
            {
                if (value is not null && (value.Trim().Length is < 1 or > 4 || !value.Trim().All(c => char.IsAsciiLetterOrDigit(c) || Domain.Plates.Provinces.IsChineseCharacter(c))))
                {
                    errors.Add($"{at}.{field} '{value}' must be 1–4 letters, digits or Chinese characters");
                }
            }

            foreach (var plate in kind.Plates)
            {
                if (!Domain.Plates.Plate.TryParse(plate, out _, out var error))
                {
                    errors.Add($"{at}.plates: {error.Message}");
                }
            }
        }
    }

    /// <summary><c>health</c>: the backup schedule and the alert thresholds.</summary>
    private static void ValidateHealth(HealthOptions health, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(health.BackupFolder))
        {
            errors.Add("health.backupFolder is required (a second disk or a USB stick; backups are what survives a broken SD card)");
        }

        Between(errors, "health.backupEveryHours", health.BackupEveryHours, 1, 168);
        Between(errors, "health.backupKeep", health.BackupKeep, 1, 365);
        Between(errors, "health.minFreeMegabytes", health.MinFreeMegabytes, 0, 10_000_000);

        if (health.SilentMinutes is < 5 or > 1440 || health.BusyHourReads is < 1 or > 1000 || health.CertificateDays is < 1 or > 365)
        {
            errors.Add($"health.silentMinutes {health.SilentMinutes} must be 5–1440, health.busyHourReads {health.BusyHourReads} 1–1000 and health.certificateDays {health.CertificateDays} 1–365");
        }
    }
}
