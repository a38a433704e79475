using System.CommandLine;

namespace ParkingGate.Host.Cli;

/// <summary><c>db migrate</c> and <c>db backup</c>.</summary>
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
        var output = new Option<string>("--out") { Description = "the backup file to create (never overwritten)", Required = true };
        var backup = new Command("backup", "copy the database with SQLite's online backup while the service runs, and check the copy") { output };
        verbs.Bind(backup, async (context, parse, cancellationToken) =>
        {
            var database = await context.DatabaseAsync(cancellationToken);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            try
            {
                var bytes = await database.BackupAsync(path, cancellationToken);
                await context.Out.WriteLineAsync($"backup of '{database.Path}' written to '{path}' ({bytes:N0} bytes, schema version {database.SchemaVersion}, integrity ok)");
                return ExitCodes.Ok;
            }
            catch (IOException e)
            {
                await context.Err.WriteLineAsync($"error: {e.Message}; nothing was written");
                return ExitCodes.Failed;
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                await context.Err.WriteLineAsync($"error: the backup to '{path}' failed: {e.Message}; nothing was written");
                return ExitCodes.Failed;
            }
        });
        return new Command("db", "the SQLite database") { migrate, backup };
    }
}
