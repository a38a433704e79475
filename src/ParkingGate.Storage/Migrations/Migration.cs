namespace ParkingGate.Storage.Migrations;

/// <summary>One step of the schema: applied once, in order, inside a transaction.</summary>
/// <param name="Version">The schema version after this step.</param>
/// <param name="Name">What the step adds, for the migrations table.</param>
/// <param name="Sql">The statements.</param>
internal sealed record Migration(int Version, string Name, string Sql);
