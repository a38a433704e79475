using Microsoft.AspNetCore.Authorization;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Desk.Pages;

/// <summary>Who did what, newest first, filtered by person and kind of record.</summary>
[Authorize(Roles = DeskSetup.Roles.Books)]
public sealed class AuditModel(DeskContext desk, AuditLog audit) : DeskPage(desk)
{
    /// <summary>The person filtered on.</summary>
    public string? Who { get; private set; }

    /// <summary>The kind of record filtered on.</summary>
    public string? Entity { get; private set; }

    /// <summary>The entries shown.</summary>
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>Lists the entries.</summary>
    public async Task OnGetAsync(string? who, string? entity, CancellationToken cancellationToken)
    {
        Who = string.IsNullOrWhiteSpace(who) ? null : who.Trim();
        Entity = string.IsNullOrWhiteSpace(entity) ? null : entity;
        var all = await audit.ListAsync(Who is null ? 300 : 3000, Entity, cancellationToken);
        Entries = Who is null ? all : [.. all.Where(a => a.Actor.Contains(Who, StringComparison.OrdinalIgnoreCase)).Take(300)];
    }
}
