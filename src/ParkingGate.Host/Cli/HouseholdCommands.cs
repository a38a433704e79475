using System.CommandLine;
using System.Globalization;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;

namespace ParkingGate.Host.Cli;

/// <summary><c>household add</c>, <c>household list</c> and <c>household spaces</c>.</summary>
internal static class HouseholdCommands
{
    public static Command Build(Verbs verbs) => new("household", "households (户) and their contact details") { Add(verbs), List(verbs), Spaces(verbs) };

    private static Command Spaces(Verbs verbs)
    {
        var room = new Option<string>("--room") { Description = "building-unit-room, e.g. 3-2-501", Required = true };
        var spaces = new Option<int>("--spaces") { Description = "parking spaces the household has (0–10; default 1); see gate.extraCars", Required = true };
        var command = new Command("spaces", "set how many spaces a household has (一位多车: its cars beyond them follow gate.extraCars)") { room, spaces };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (!RoomNumber.TryParse(parse.GetValue(room), out var parsed, out var roomError))
            {
                return context.Fail(roomError);
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var set = await registry.Households.SetSpacesAsync(parsed, parse.GetValue(spaces), context.Operator, cancellationToken);
            if (!set.IsSuccess)
            {
                return context.Fail(set.Problem);
            }

            await context.Out.WriteLineAsync($"household {parsed} has {parse.GetValue(spaces)} space(s) now (was {set.Value})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Add(Verbs verbs)
    {
        var room = new Option<string>("--room") { Description = "building-unit-room, e.g. 3-2-501", Required = true };
        var name = new Option<string>("--name") { Description = "contact person", Required = true };
        var phone = new Option<string>("--phone") { Description = "contact phone", Required = true };
        var quota = new Option<int?>("--quota") { Description = "vehicles the household may register (default registry.defaultVehicleQuota)" };
        var command = new Command("add", "register a household") { room, name, phone, quota };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var draft = HouseholdDraft.Create(parse.GetValue(room), parse.GetValue(name), parse.GetValue(phone), parse.GetValue(quota), context.Options.ToRegistryRules());
            if (!draft.IsSuccess)
            {
                return context.Fail(draft.Problem);
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var added = await registry.Households.AddHouseholdAsync(draft.Value, context.Operator, cancellationToken);
            if (!added.IsSuccess)
            {
                return context.Fail(added.Problem);
            }

            await context.Out.WriteLineAsync($"household {added.Value.Room} registered: {added.Value.ContactName}, {added.Value.Phone}, quota {added.Value.VehicleQuota}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(Verbs verbs)
    {
        var search = new Option<string?>("--search") { Description = "only households whose room, name, phone or plate contains this text" };
        var json = GlobalOptions.Json();
        var command = new Command("list", "list current households") { search, json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var registry = await context.RegistryAsync(cancellationToken);
            var households = await registry.Households.ListHouseholdsAsync(parse.GetValue(search), cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(households);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["room", "name", "phone", "vehicles", "since"],
                households.Select(h => (IReadOnlyList<string>)
                [
                    h.Room, h.ContactName, h.Phone,
                    string.Create(CultureInfo.InvariantCulture, $"{h.VehicleCount}/{h.VehicleQuota}"),
                    TextTable.Time(h.CreatedUtc),
                ]));
            await context.Out.WriteLineAsync($"{households.Count} household(s)");
            return ExitCodes.Ok;
        });
        return command;
    }
}
