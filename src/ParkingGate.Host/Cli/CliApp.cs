using System.CommandLine;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;

namespace ParkingGate.Host.Cli;

/// <summary>Builds the <c>parkinggate</c> command tree and runs it with the exit codes of <see cref="ExitCodes"/>.</summary>
public static class CliApp
{
    /// <summary>Parses <paramref name="args"/> and runs the verb, writing to the given streams.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = BuildRoot(output, error, timeProvider);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            await error.WriteLineAsync("run 'parkinggate --help' for the list of verbs and options");
            return ExitCodes.UsageOrConfig;
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private static RootCommand BuildRoot(TextWriter output, TextWriter error, TimeProvider timeProvider)
    {
        var root = new RootCommand("ParkingGate: barrier gate control and parking billing for a self-governed estate");
        root.Options.Add(GlobalOptions.Database);
        root.Options.Add(GlobalOptions.Config);
        root.Options.Add(GlobalOptions.Operator);
        var verbs = new Verbs(output, error, timeProvider);
        root.Subcommands.Add(DbCommands.Build(verbs));
        root.Subcommands.Add(PlateCommands.Build(verbs));
        root.Subcommands.Add(HouseholdCommands.Build(verbs));
        root.Subcommands.Add(VehicleCommands.Build(verbs));
        root.Subcommands.Add(BlocklistCommands.Build(verbs));
        root.Subcommands.Add(InvitationCommands.Build(verbs));
        root.Subcommands.Add(ConductCommands.Build(verbs));
        root.Subcommands.Add(LaneCommands.Build(verbs));
        root.Subcommands.Add(ImportCommands.Build(verbs));
        root.Subcommands.Add(AuditCommands.Build(verbs));
        root.Subcommands.Add(FeeCommands.Build(verbs));
        root.Subcommands.Add(TariffCommands.Build(verbs));
        root.Subcommands.Add(StayCommands.Build(verbs));
        root.Subcommands.Add(PayCommands.BuildPay(verbs));
        root.Subcommands.Add(PayCommands.BuildPass(verbs));
        root.Subcommands.Add(ShiftCommands.Build(verbs));
        root.Subcommands.Add(LedgerCommands.Build(verbs));
        root.Subcommands.Add(RunCommand.Build(verbs));
        root.Subcommands.Add(DeviceCommands.Build(verbs));
        root.Subcommands.Add(ConfigCommands.Build(verbs));
        root.Subcommands.Add(UserCommands.Build(verbs));
        root.Subcommands.Add(ReportCommands.Build(verbs));
        root.Subcommands.Add(ExportCommand.Build(verbs));
        root.Subcommands.Add(DisclosureCommand.Build(verbs));
        root.Subcommands.Add(ReconcileCommand.Build(verbs));
        root.Subcommands.Add(SerialCommands.BuildRelay(verbs));
        root.Subcommands.Add(SerialCommands.BuildDisplay(verbs));
        root.Subcommands.Add(SerialCommands.BuildSerial(verbs));
        root.Subcommands.Add(Demo.DemoCommand.Build(verbs));
        return root;
    }
}

/// <summary>Turns a verb body into a command action that maps config and database failures to exit code 2.</summary>
internal sealed class Verbs(TextWriter output, TextWriter error, TimeProvider timeProvider)
{
    public void Bind(Command command, Func<CliContext, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var context = new CliContext(parse, output, error, timeProvider);
            try
            {
                return await body(context, parse, cancellationToken);
            }
            catch (ConfigException e)
            {
                return context.Usage(e.Message);
            }
            catch (StorageException e)
            {
                return context.Usage(e.Message);
            }
            catch (IOException e)
            {
                return context.Usage(e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await error.WriteLineAsync($"error: unexpected {e.GetType().Name}: {e.Message}");
                await error.WriteLineAsync(e.ToString());
                return ExitCodes.Failed;
            }
        });
}
