namespace ParkingGate.Domain.Tariffs;

/// <summary>
/// One rung of a price ladder: <see cref="Count"/> units of <see cref="Minutes"/> at <see cref="PriceFen"/> each.
/// The last rung of a ladder has no count and repeats for as long as the stay lasts.
/// </summary>
/// <param name="Minutes">Length of one unit; <see cref="int.MaxValue"/> for a unit that never ends (a per-entry fee).</param>
/// <param name="PriceFen">Price of one unit, in fen.</param>
/// <param name="Count">How many units this rung has; null on the last, repeating rung.</param>
public sealed record PriceStep(int Minutes, long PriceFen, int? Count);
