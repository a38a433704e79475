using System.CommandLine;
using ParkingGate.Domain.Registry;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Tariffs;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Cli;

/// <summary><c>invitation add|list|cancel</c>: visitor invitations (访客预约) under the rule in <c>registry.invitations</c>.</summary>
internal static class InvitationCommands
{
    public static Command Build(Verbs verbs) =>
        new("invitation", "visitor invitations (访客预约): free hours for a household's visitor in a window") { Add(verbs), List(verbs), Cancel(verbs) };

    private static Command Add(Verbs verbs)
    {
        var room = new Option<string>("--room") { Description = "the inviting household, e.g. 3-2-501", Required = true };
        var plate = PlateOption.Create();
        var from = new Option<string>("--from") { Description = "the window's start, ISO 8601 (without an offset: estate time)", Required = true };
        var until = new Option<string>("--until") { Description = "the window's end, ISO 8601 (without an offset: estate time)", Required = true };
        var hours = new Option<int>("--hours") { Description = "free hours from the household's month", Required = true };
        var note = new Option<string?>("--note") { Description = "the visitor's name or the purpose" };
        var command = new Command("add", "invite a household's visitor: free hours in a window, from the household's monthly allowance") { room, plate, from, until, hours, note };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (!RoomNumber.TryParse(parse.GetValue(room), out var parsedRoom, out var roomError))
            {
                return context.Fail(roomError);
            }

            var parsedPlate = PlateOption.Parse(parse, plate);
            if (!parsedPlate.IsSuccess)
            {
                return context.Fail(parsedPlate.Problem);
            }

            if (LocalTimeParser.Parse(parse.GetValue(from) ?? "", context.Zone) is not { } start)
            {
                return context.Usage($"--from '{parse.GetValue(from)}' is not an ISO 8601 time such as 2026-03-02T09:00");
            }

            if (LocalTimeParser.Parse(parse.GetValue(until) ?? "", context.Zone) is not { } end)
            {
                return context.Usage($"--until '{parse.GetValue(until)}' is not an ISO 8601 time such as 2026-03-02T18:00");
            }

            var rule = context.Options.ToRegistryRules().Invitations;
            var registry = await context.RegistryAsync(cancellationToken);
            var draft = new InvitationDraft(parsedRoom, parsedPlate.Value, start, end, parse.GetValue(hours), parse.GetValue(note));
            var invited = await registry.Invitations.InviteAsync(draft, rule, context.Zone, context.Operator, cancellationToken);
            if (!invited.IsSuccess)
            {
                return context.Fail(invited.Problem);
            }

            var i = invited.Value;
            await context.Out.WriteLineAsync(
                $"invitation {i.Id}: {i.Plate} invited by {i.Room} for {TextTable.Time(i.From)} – {TextTable.Time(i.Until)}, {InvitationRule.Hours(i.FreeMinutes)} free hour(s) ({i.Approval})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(Verbs verbs)
    {
        var month = new Option<string?>("--month") { Description = "every invitation whose window starts in this month, YYYY-MM (default: current and coming ones)" };
        var json = GlobalOptions.Json();
        var command = new Command("list", "list invitations and the free time their visitors used") { month, json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var registry = await context.RegistryAsync(cancellationToken);
            IReadOnlyList<Invitation> invitations;
            if (parse.GetValue(month) is { } text)
            {
                if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var first))
                {
                    return context.Usage($"--month '{text}' must be YYYY-MM");
                }

                invitations = await registry.Invitations.ForMonthAsync(first, cancellationToken);
            }
            else
            {
                invitations = await registry.Invitations.CurrentAsync(context.Time.GetUtcNow(), cancellationToken);
            }

            if (parse.GetValue(json))
            {
                context.WriteJson(invitations);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["id", "room", "plate", "from", "until", "free h", "used h", "visits", "state", "note"],
                invitations.Select(i => (IReadOnlyList<string>)[
                    i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Room, i.Plate, TextTable.Time(i.From), TextTable.Time(i.Until),
                    InvitationRule.Hours(i.FreeMinutes), InvitationRule.Hours(i.UsedMinutes), i.Stays.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    i.CancelledUtc is null ? i.Inside ? "inside" : "" : "cancelled: " + i.CancelReason, i.Note ?? ""]));
            await context.Out.WriteLineAsync($"{invitations.Count} invitation(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Cancel(Verbs verbs)
    {
        var id = new Argument<long>("id") { Description = "the invitation's number" };
        var reason = new Option<string>("--reason") { Description = "why it is cancelled", Required = true };
        var command = new Command("cancel", "cancel an invitation whose visitor has not come; its free hours go back to the household") { id, reason };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var registry = await context.RegistryAsync(cancellationToken);
            var cancelled = await registry.Invitations.CancelAsync(parse.GetValue(id), parse.GetValue(reason) ?? "", context.Operator, cancellationToken);
            if (!cancelled.IsSuccess)
            {
                return context.Fail(cancelled.Problem);
            }

            await context.Out.WriteLineAsync($"invitation {cancelled.Value.Id} ({cancelled.Value.Plate}, {cancelled.Value.Room}) cancelled: {cancelled.Value.CancelReason}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
