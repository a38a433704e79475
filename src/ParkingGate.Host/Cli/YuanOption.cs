using System.CommandLine;
using ParkingGate.Domain;

namespace ParkingGate.Host.Cli;

/// <summary>An amount option typed in yuan (<c>12.50</c>) and read exactly into fen.</summary>
internal static class YuanOption
{
    public static Option<string> Create(string name, string description, bool required = true) =>
        new(name) { Description = $"{description}, in yuan (e.g. 12.50)", Required = required };

    /// <summary>The amount in fen, or null after reporting a usage error.</summary>
    public static long? Read(CliContext context, ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option);
        if (Money.TryParseYuan(text, out var fen))
        {
            return fen;
        }

        context.Usage($"{option.Name} '{text}' is not an amount in yuan such as 12 or 12.50");
        return null;
    }
}
