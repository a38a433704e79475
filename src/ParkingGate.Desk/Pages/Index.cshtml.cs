using Microsoft.AspNetCore.Mvc;

namespace ParkingGate.Desk.Pages;

/// <summary>The start page is each role's main page.</summary>
public sealed class IndexModel(DeskContext desk) : DeskPage(desk)
{
    /// <summary>Sends the user to their main page.</summary>
    public IActionResult OnGet() =>
        User.IsInRole("cashier") ? Redirect("/booth")
        : User.IsInRole("clerk") || User.IsInRole("admin") ? Redirect("/households")
        : User.IsInRole("accountant") || User.IsInRole("committee") ? Redirect("/ledger")
        : User.IsInRole("patroller") ? Redirect("/conduct/report")
        : Redirect("/inside");
}
