using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using ParkingGate.Storage.Audit;

namespace ParkingGate.Desk.Pages;

/// <summary>
/// Who did what, newest first, one line per change (its main facts in words, the full record on demand), a page of
/// <see cref="PageSize"/> at a time, filtered by person and kind of record.
/// </summary>
[Authorize(Roles = DeskSetup.Roles.Books)]
public sealed class AuditModel(DeskContext desk, AuditLog audit) : DeskPage(desk)
{
    /// <summary>Lines on one page.</summary>
    public const int PageSize = 100;

    /// <summary>The person filtered on.</summary>
    public string? Who { get; private set; }

    /// <summary>The kind of record filtered on.</summary>
    public string? Entity { get; private set; }

    /// <summary>The entries shown.</summary>
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The id to start the next (older) page from, or null on the last page.</summary>
    public long? Older { get; private set; }

    /// <summary>Lists the entries.</summary>
    public async Task OnGetAsync(string? who, string? entity, long? before, CancellationToken cancellationToken)
    {
        Who = string.IsNullOrWhiteSpace(who) ? null : who.Trim();
        Entity = Names.Entities.Contains(entity) ? entity : null;
        var page = new List<AuditEntry>();
        var from = before;
        while (page.Count < PageSize)
        {
            var batch = await audit.ListAsync(PageSize * 4, Entity, from, cancellationToken);
            page.AddRange(batch.Where(a => Who is null || a.Actor.Contains(Who, StringComparison.OrdinalIgnoreCase)).Take(PageSize - page.Count));
            if (batch.Count < PageSize * 4)
            {
                break;
            }

            from = batch[^1].Id;
        }

        Entries = page;
        Older = page.Count == PageSize ? page[^1].Id : null;
    }

    /// <summary>The change in a few words: the plate, room, amount, reason… it carries, in the chosen language.</summary>
    public string Summary(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var parts = new List<string>();
        foreach (var json in new[] { entry.AfterJson, entry.BeforeJson })
        {
            if (json is null || parts.Count > 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (Field(property.Name) is { } label && Value(property.Name, property.Value) is { Length: > 0 } value)
                {
                    parts.Add($"{label} {value}");
                }
            }
        }

        return string.Join(English ? ", " : "，", parts.Take(6));
    }

    private string? Field(string name) => name switch
    {
        "plate" => T("车牌", "plate"),
        "room" => T("房号", "room"),
        "contactName" => T("联系人", "contact"),
        "amountFen" => T("金额", "amount"),
        "floatFen" => T("备用金", "float"),
        "countedFen" => T("清点", "counted"),
        "expectedFen" => T("应有", "expected"),
        "dueFen" => T("应收", "due"),
        "reason" => T("原因", "reason"),
        "lane" => T("车道", "lane"),
        "witness" => T("在场人", "witness"),
        "ledgerSeq" => T("账目", "ledger entry"),
        "reverses" or "refunds" => T("原账目", "of entry"),
        "period" => T("结账期", "period"),
        "from" => T("从", "from"),
        "to" => T("到", "to"),
        "rows" => T("行数", "rows"),
        "role" => T("角色", "role"),
        "name" => T("用户", "user"),
        "vehicleQuota" => T("车辆上限", "vehicle quota"),
        "removedUtc" => T("移除于", "removed"),
        "ok" => T("结果", "result"),
        _ => null,
    };

    private string Value(string name, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when name.EndsWith("Fen", StringComparison.Ordinal) && value.TryGetInt64(out var fen) => T($"{Domain.Money.Yuan(fen)} 元", $"{Domain.Money.Yuan(fen)} yuan"),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => T("通过", "passed"),
        JsonValueKind.False => T("未通过", "FAILED"),
        JsonValueKind.String when name == "role" => Names.Role(value.GetString()!, English),
        JsonValueKind.String when name.EndsWith("Utc", StringComparison.Ordinal) && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => Desk.Local(at),
        JsonValueKind.String => value.GetString()!,
        _ => "",
    };
}
