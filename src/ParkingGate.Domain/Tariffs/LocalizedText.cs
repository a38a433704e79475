namespace ParkingGate.Domain.Tariffs;

/// <summary>A text in Chinese (shown first) and English.</summary>
/// <param name="Zh">简体中文.</param>
/// <param name="En">English.</param>
public sealed record LocalizedText(string Zh, string En)
{
    /// <inheritdoc />
    public override string ToString() => $"{Zh} / {En}";
}
