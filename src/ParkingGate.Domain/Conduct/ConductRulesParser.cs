using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Domain.Conduct;

/// <summary>
/// Reads a conduct rule file (JSON, documented in <c>config/conduct/README.md</c>) into validated
/// <see cref="ConductRules"/>. Every problem is named by its field; a file with any problem is refused whole.
/// </summary>
public static partial class ConductRulesParser
{
    /// <summary>Parses and validates a conduct rule file's bytes.</summary>
    public static Result<ConductRules> Parse(ReadOnlySpan<byte> bytes)
    {
        var read = RuleFiles.Read<ConductDocument>(bytes, "invalid-conduct-rules", "红黑榜规则文件");
        if (!read.IsSuccess)
        {
            return read.Problem;
        }

        var d = read.Value;
        var errors = new FieldErrors();
        var effective = RuleFiles.CheckHeader(d.Id, d.Version, d.Approval, d.EffectiveFrom, errors);
        var offences = new List<Offence>();
        if (d.Kinds is not { Count: > 0 })
        {
            errors.Add("kinds", "must list at least one kind of violation");
        }
        else
        {
            for (var i = 0; i < d.Kinds.Count; i++)
            {
                var k = d.Kinds[i];
                var at = $"kinds[{i}]";
                if (k.Code is null || !CodePattern().IsMatch(k.Code))
                {
                    errors.Add($"{at}.code", $"'{k.Code}' must be 2–30 lower-case letters, digits or dashes");
                }
                else if (offences.Any(o => o.Code == k.Code))
                {
                    errors.Add($"{at}.code", $"'{k.Code}' is listed twice");
                }

                if (string.IsNullOrWhiteSpace(k.Name?.Zh))
                {
                    errors.Add($"{at}.name.zh", "is required (e.g. 堵塞消防通道)");
                }
                else if (k.Code is not null)
                {
                    var name = new LocalizedText(k.Name.Zh.Trim(), k.Name.En?.Trim() ?? k.Name.Zh.Trim());
                    var reminder = k.Reminder?.Zh is { Length: > 0 } zh ? new LocalizedText(zh.Trim(), k.Reminder.En?.Trim() ?? zh.Trim()) : new LocalizedText($"请遵守停车秩序：{name.Zh}", $"mind the parking rules: {name.En}");
                    if (reminder.Zh.Length > 24)
                    {
                        errors.Add($"{at}.reminder.zh", $"'{reminder.Zh}' is longer than 24 characters: a lane board shows two short lines");
                    }

                    offences.Add(new Offence(k.Code, name, reminder));
                }
            }
        }

        var proposals = new List<ProposalRule>();
        for (var i = 0; i < (d.Proposals?.Count ?? 0); i++)
        {
            var p = d.Proposals![i];
            var at = $"proposals[{i}]";
            if (offences.All(o => o.Code != p.Kind))
            {
                errors.Add($"{at}.kind", $"'{p.Kind}' is not one of the kinds listed");
            }

            Between(errors, $"{at}.count", p.Count, 1, 100);
            Between(errors, $"{at}.withinDays", p.WithinDays, 1, 366);
            Between(errors, $"{at}.blockDays", p.BlockDays, 1, 366);
            if (p is { Kind: not null, Count: { } count, WithinDays: { } within, BlockDays: { } block })
            {
                proposals.Add(new ProposalRule(p.Kind, count, within, block));
            }
        }

        Between(errors, "reminderDays", d.ReminderDays ?? 30, 0, 366);
        Between(errors, "photoDays", d.PhotoDays ?? 180, 1, 3650);
        Between(errors, "longParkedDays", d.LongParkedDays ?? 15, 1, 366);
        Between(errors, "noticeDays", d.NoticeDays ?? 7, 1, 90);
        if (errors.Count > 0 || effective is null)
        {
            return Result<ConductRules>.Failure("invalid-conduct-rules", string.Join("; ", errors.List), "红黑榜规则有误：" + string.Join("；", errors.List));
        }

        return new ConductRules
        {
            Id = d.Id!, Version = d.Version!.Value, Approval = d.Approval!.Trim(), EffectiveFrom = effective.Value,
            Hash = Convert.ToHexStringLower(SHA256.HashData(bytes)), Offences = offences, Proposals = proposals,
            ReminderDays = d.ReminderDays ?? 30, PhotoDays = d.PhotoDays ?? 180, LongParkedDays = d.LongParkedDays ?? 15,
            NoticeDays = d.NoticeDays ?? 7, MaskPlates = d.Notice?.MaskPlates ?? true, MaskRooms = d.Notice?.MaskRooms ?? true,
        };
    }

    private static void Between(FieldErrors errors, string field, int? value, int min, int max)
    {
        if (value is null)
        {
            errors.Add(field, "is required");
        }
        else if (value < min || value > max)
        {
            errors.Add(field, $"{value} must be between {min} and {max}");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,29}$")]
    private static partial Regex CodePattern();
}

// The JSON shape of a conduct rule file, exactly as written (camelCase keys); every value nullable so that the
// parser names a missing field.
#pragma warning disable CA1812 // instantiated by System.Text.Json
internal sealed class ConductDocument
{
    public string? Id { get; init; }
    public int? Version { get; init; }
    public TextDocument? Name { get; init; }
    public string? Approval { get; init; }
    public string? EffectiveFrom { get; init; }
    public string? Notes { get; init; }
    public List<OffenceDocument>? Kinds { get; init; }
    public List<ProposalDocument>? Proposals { get; init; }
    public int? ReminderDays { get; init; }
    public int? PhotoDays { get; init; }
    public int? LongParkedDays { get; init; }
    public int? NoticeDays { get; init; }
    public NoticeDocument? Notice { get; init; }
}

internal sealed class OffenceDocument
{
    public string? Code { get; init; }
    public TextDocument? Name { get; init; }
    public TextDocument? Reminder { get; init; }
}

internal sealed class ProposalDocument
{
    public string? Kind { get; init; }
    public int? Count { get; init; }
    public int? WithinDays { get; init; }
    public int? BlockDays { get; init; }
}

internal sealed class NoticeDocument
{
    public bool? MaskPlates { get; init; }
    public bool? MaskRooms { get; init; }
}
#pragma warning restore CA1812
