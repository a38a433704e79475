using System.CommandLine;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;

namespace ParkingGate.Host.Cli;

/// <summary><c>vehicle add</c>, <c>vehicle remove</c> and <c>vehicle list</c>.</summary>
internal static class VehicleCommands
{
    public static Command Build(Verbs verbs) => new("vehicle", "resident vehicles: free entry and exit")
    {
        Add(verbs), Remove(verbs), List(verbs),
    };

    private static Command Add(Verbs verbs)
    {
        var room = new Option<string>("--room") { Description = "the household's room, e.g. 3-2-501", Required = true };
        var plate = PlateOption.Create();
        var vehicleClass = new Option<string?>("--class") { Description = "small, large or new-energy (default: from the plate)" };
        vehicleClass.AcceptOnlyFromAmong([.. VehicleClasses.Names]);
        var command = new Command("add", "register a plate to a household, within its quota") { room, plate, vehicleClass };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (!RoomNumber.TryParse(parse.GetValue(room), out var roomNumber, out var roomError))
            {
                return context.Fail(roomError);
            }

            var parsed = PlateOption.Parse(parse, plate);
            if (!parsed.IsSuccess)
            {
                return context.Fail(parsed.Problem);
            }

            var cls = VehicleClasses.TryParse(parse.GetValue(vehicleClass), out var given) ? given.Value : VehicleClasses.Infer(parsed.Value);
            var registry = await context.RegistryAsync(cancellationToken);
            var added = await registry.Vehicles.AddVehicleAsync(roomNumber, parsed.Value, cls, context.Operator, cancellationToken);
            if (!added.IsSuccess)
            {
                return context.Fail(added.Problem);
            }

            var note = added.Value.IsStandard ? "" : " (non-standard plate, kept as text)";
            await context.Out.WriteLineAsync($"vehicle {added.Value.Plate} ({cls.ToName()}) registered to room {added.Value.Room}{note}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(Verbs verbs)
    {
        var plate = PlateOption.Create();
        var reason = new Option<string?>("--reason") { Description = "why the vehicle leaves the registry" };
        var command = new Command("remove", "end a plate's registration (kept in history)") { plate, reason };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var parsed = PlateOption.Parse(parse, plate);
            if (!parsed.IsSuccess)
            {
                return context.Fail(parsed.Problem);
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var removed = await registry.Vehicles.RemoveVehicleAsync(parsed.Value, parse.GetValue(reason), context.Operator, cancellationToken);
            if (!removed.IsSuccess)
            {
                return context.Fail(removed.Problem);
            }

            await context.Out.WriteLineAsync($"vehicle {removed.Value.Plate} removed from room {removed.Value.Room}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(Verbs verbs)
    {
        var room = new Option<string?>("--room") { Description = "only this household's vehicles" };
        var json = GlobalOptions.Json();
        var command = new Command("list", "list registered vehicles") { room, json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            RoomNumber? only = null;
            if (parse.GetValue(room) is { } text && !RoomNumber.TryParse(text, out only, out var roomError))
            {
                return context.Fail(roomError);
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var vehicles = await registry.Vehicles.ListVehiclesAsync(only, cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(vehicles);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["plate", "class", "room", "added", "by"],
                vehicles.Select(v => (IReadOnlyList<string>)
                [
                    v.IsStandard ? v.Plate : v.Plate + " (non-standard)", v.Class.ToName(), v.Room, TextTable.Time(v.AddedUtc), v.AddedBy,
                ]));
            await context.Out.WriteLineAsync($"{vehicles.Count} vehicle(s)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
