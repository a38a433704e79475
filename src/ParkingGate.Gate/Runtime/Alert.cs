namespace ParkingGate.Gate;

/// <summary>Something wrong that nobody at the gate would notice: shown on the desk, logged, published retained.</summary>
/// <param name="Key">What it is about, stable while it lasts (e.g. <c>camera-silent:in-1</c>).</param>
/// <param name="Zh">What is wrong and what to do, in Chinese.</param>
/// <param name="En">The same in English.</param>
/// <param name="SinceUtc">When it was first seen.</param>
public sealed record Alert(string Key, string Zh, string En, DateTimeOffset SinceUtc);
