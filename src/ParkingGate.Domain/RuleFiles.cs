using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ParkingGate.Domain;

/// <summary>
/// What every rule file the meeting approves shares (a tariff, the conduct rules): JSON with comments, read strictly
/// (an unknown field is refused by name), and a header of <c>id</c>, <c>version</c>, <c>approval</c> and
/// <c>effectiveFrom</c>.
/// </summary>
internal static partial class RuleFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Reads <paramref name="bytes"/> as <typeparamref name="T"/>, or the problem naming the field and line; <paramref name="what"/> names the file in Chinese.</summary>
    public static Result<T> Read<T>(ReadOnlySpan<byte> bytes, string kind, string what)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, Json) is { } document
                ? document
                : Result<T>.Failure(kind, "the file is empty", $"{what}为空");
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $"{e.Path.TrimStart('$', '.')}: ";
            var line = e.LineNumber is { } n ? $" (line {n + 1})" : "";
            var message = e.Message.Split(" Path: ")[0];
            return Result<T>.Failure(kind, $"{field}{message}{line}", $"{what}格式有误：{field}{message}{line}");
        }
    }

    /// <summary>Checks the header fields; the effective date when it is one.</summary>
    public static DateOnly? CheckHeader(string? id, int? version, string? approval, string? effectiveFrom, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (id is null || !IdPattern().IsMatch(id))
        {
            errors.Add("id", $"'{id}' must be 2–40 lower-case letters, digits or dashes");
        }

        if (version is not >= 1)
        {
            errors.Add("version", version is null ? "is required" : $"{version} must be 1 or more");
        }

        if (string.IsNullOrWhiteSpace(approval))
        {
            errors.Add("approval", "is required: name the meeting or resolution that approved this file");
        }

        if (!DateOnly.TryParseExact(effectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var effective))
        {
            errors.Add("effectiveFrom", effectiveFrom is null ? "is required (yyyy-MM-dd)" : $"'{effectiveFrom}' is not a date like 2026-03-01");
            return null;
        }

        return effective;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex IdPattern();
}
