namespace ParkingGate.Domain.Tariffs;

/// <summary>Problems found so far, each with its field.</summary>
internal sealed class TariffErrors
{
    public List<string> List { get; } = [];

    public int Count => List.Count;

    public void Add(string field, string why) => List.Add($"{field}: {why}");
}
