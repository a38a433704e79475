using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParkingGate.Host.Gate;

namespace ParkingGate.Host.Cli;

/// <summary><c>run</c>: the gate service with the lanes from the config (systemd-friendly: logs to stdout, stops on SIGTERM).</summary>
internal static class RunCommand
{
    public static Command Build(Verbs verbs)
    {
        var command = new Command("run", "run the gate service: the broker, the lanes and their devices, until stopped");
        verbs.Bind(command, async (context, _, cancellationToken) =>
        {
            var config = context.Config;
            var databasePath = context.DatabasePath;
            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.AddSingleton(context.Time);
            builder.Services.AddSingleton(sp => new GateService(config, databasePath, context.Time, sp.GetRequiredService<ILogger<GateService>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<GateService>());
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }
}
