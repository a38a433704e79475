using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParkingGate.Desk;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Storage;

namespace ParkingGate.Host.Cli;

/// <summary>
/// <c>run</c>: the gate service with the lanes from the config and the desk web UI in the same process
/// (systemd-friendly: logs to stdout, stops on SIGTERM).
/// </summary>
internal static class RunCommand
{
    public static Command Build(Verbs verbs)
    {
        var urls = new Option<string?>("--urls") { Description = "where the desk listens, e.g. http://0.0.0.0:5080 (default desk.urls of the config)" };
        var command = new Command("run", "run the gate service and the desk: the broker, the lanes and their devices, until stopped") { urls };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var config = context.Config;
            var database = await SqliteDatabase.OpenAsync(context.DatabasePath, context.Time, cancellationToken);
            var app = BuildApp(config, database, context.Time, parse.GetValue(urls) ?? config.Options.Desk.Urls);
            await using (app)
            {
                await app.StartAsync(cancellationToken);
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await app.StopAsync(CancellationToken.None);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The service: the gate as a hosted service and the desk on <paramref name="urls"/>.</summary>
    internal static WebApplication BuildApp(LoadedConfig config, SqliteDatabase database, TimeProvider time, string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(sp => new GateService(config, database, time, sp.GetRequiredService<ILogger<GateService>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GateService>());
        builder.Services.AddSingleton(sp => new Service.Health.HealthMonitor(config, database, () => sp.GetRequiredService<GateService>().Runtime, time, sp.GetRequiredService<ILogger<Service.Health.HealthMonitor>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Service.Health.HealthMonitor>());
        builder.Services.AddSingleton<IGateControl>(sp => new GateControl(sp.GetRequiredService<GateService>(), sp.GetRequiredService<Service.Health.HealthMonitor>()));
        var options = config.Options;
        builder.Services.AddStores(database, options.Estate.Id, config.Tariffs);
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Path)) ?? ".", "pictures");
        builder.Services.AddDesk(sp => new DeskContext(
            options.Estate.Id, options.Estate.Name, TimeZones.Find(options.Estate.TimeZone)!, options.ToRegistryRules(), config.Tariffs, options.Plates.FuzzyBudget,
            time, sp.GetRequiredService<IGateControl>(), folder, options.Desk.LongStayDays, options.Gate.HeldMinutes) { Conduct = config.Conduct },
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Path)) ?? ".", "desk-keys"));
        var app = builder.Build();
        app.UseDesk();
        return app;
    }
}
