using System.CommandLine;

namespace ParkingGate.Host.Cli;

/// <summary><c>db migrate</c>.</summary>
internal static class DbCommands
{
    public static Command Build(Verbs verbs)
    {
        var migrate = new Command("migrate", "create the database or bring its schema up to date (safe to repeat)");
        verbs.Bind(migrate, async (context, _, cancellationToken) =>
        {
            var database = await context.DatabaseAsync(cancellationToken);
            await context.Out.WriteLineAsync($"database '{database.Path}' is at schema version {database.SchemaVersion}");
            return ExitCodes.Ok;
        });
        return new Command("db", "the SQLite database") { migrate };
    }
}
