using Microsoft.AspNetCore.Http;

namespace ParkingGate.Desk;

/// <summary>The desk speaks Chinese first; a cookie set by <c>/lang/en</c> switches it to English.</summary>
public sealed class Words(IHttpContextAccessor http)
{
    /// <summary>The cookie that holds the choice.</summary>
    public const string Cookie = "pg-lang";

    /// <summary>True when the user chose English.</summary>
    public bool English => http.HttpContext?.Request.Cookies[Cookie] == "en";

    /// <summary>The text in the chosen language.</summary>
    public string T(string zh, string en) => English ? en : zh;

    /// <summary>A ledger kind as a person reads it.</summary>
    public string Kind(Domain.Ledger.LedgerKind kind) => Names.Kind(kind, English);

    /// <summary>A payment channel as a person reads it.</summary>
    public string Channel(string? channel) => Names.Channel(channel, English);

    /// <summary>A role as a person reads it.</summary>
    public string Role(string role) => Names.Role(role, English);

    /// <summary>A vehicle class as a person reads it.</summary>
    public string Class(Domain.Plates.VehicleClass vehicleClass) => Names.Class(vehicleClass, English);

    /// <summary>The language code for the page's <c>lang</c> attribute.</summary>
    public string Code => English ? "en" : "zh-CN";
}
