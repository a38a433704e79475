using System.CommandLine;
using ParkingGate.Desk;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Cli;

/// <summary><c>user add</c> and <c>user list</c>: desk users (the first admin is made here; there is no default password).</summary>
internal static class UserCommands
{
    public static Command Build(Verbs verbs)
    {
        var role = new Option<string>("--role") { Description = "clerk, cashier, accountant, committee or admin", Required = true };
        role.AcceptOnlyFromAmong([.. UserStore.Roles]);
        var name = new Option<string>("--name") { Description = "the sign-in name", Required = true };
        var stdin = new Option<bool>("--password-stdin") { Description = "read the password from standard input (a password never goes on a command line)", Required = true };
        var add = new Command("add", $"add a desk user; the password (at least {Passwords.MinLength} characters) comes from standard input") { role, name, stdin };
        verbs.Bind(add, async (context, parse, cancellationToken) =>
        {
            var password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
            if (string.IsNullOrEmpty(password) || password.Length < Passwords.MinLength)
            {
                return context.Usage($"the password on standard input must have at least {Passwords.MinLength} characters");
            }

            var users = new UserStore(await context.DatabaseAsync(cancellationToken), context.Time);
            var added = await users.AddAsync(parse.GetValue(name)!, parse.GetValue(role)!, Passwords.Hash(password), context.Operator, cancellationToken);
            if (!added.IsSuccess)
            {
                return context.Fail(added.Problem);
            }

            await context.Out.WriteLineAsync($"user {added.Value.Name} added with role {added.Value.Role}");
            return ExitCodes.Ok;
        });

        var list = new Command("list", "list desk users and whether they are locked out");
        verbs.Bind(list, async (context, _, cancellationToken) =>
        {
            var users = new UserStore(await context.DatabaseAsync(cancellationToken), context.Time);
            var all = await users.ListAsync(cancellationToken);
            TextTable.Write(context.Out, ["name", "role", "state"], all.Select(u => (IReadOnlyList<string>)[u.Name, u.Role, u.Disabled ? "disabled" : users.IsLocked(u) ? $"locked until {TextTable.Time(u.LockedUntilUtc!.Value)}" : "active"]));
            return ExitCodes.Ok;
        });
        return new Command("user", "desk users") { add, list };
    }
}
