namespace ParkingGate.Domain;

/// <summary>Problems found so far in a rule file (a tariff, the conduct rules), each with its field.</summary>
internal sealed class FieldErrors
{
    public List<string> List { get; } = [];

    public int Count => List.Count;

    public void Add(string field, string why) => List.Add($"{field}: {why}");
}
