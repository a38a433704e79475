namespace ParkingGate.Desk.Pages;

/// <summary>Shown when a role may not use a page (status 403).</summary>
public sealed class DeniedModel(DeskContext desk) : DeskPage(desk)
{
    /// <summary>Says so.</summary>
    public void OnGet() => Response.StatusCode = 403;
}
