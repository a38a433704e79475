using System.Text.RegularExpressions;

namespace ParkingGate.Domain.Registry;

/// <summary>Checks and tidies a household's contact name and phone number.</summary>
public static partial class ContactRules
{
    /// <summary>The longest contact name kept.</summary>
    public const int MaxNameLength = 40;

    /// <summary>The trimmed name, or why it cannot be used.</summary>
    public static Result<string> CheckName(string? name)
    {
        var trimmed = (name ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            return Result<string>.Failure("invalid-name", "the contact name is empty", "联系人姓名为空");
        }

        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            return Result<string>.Failure("invalid-name",
                $"contact name '{trimmed}' must be at most {MaxNameLength} printable characters", $"联系人姓名“{trimmed}”最多 {MaxNameLength} 个可打印字符");
        }

        return trimmed;
    }

    /// <summary>
    /// A mainland mobile (11 digits starting with 1) or a landline (area code and number, dash optional),
    /// kept with spaces removed; or why it cannot be used.
    /// </summary>
    public static Result<string> CheckPhone(string? phone)
    {
        var compact = (phone ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Trim();
        return Phone().IsMatch(compact)
            ? compact
            : Result<string>.Failure("invalid-phone",
                $"phone '{phone}' is neither an 11-digit mobile number nor a landline such as 0731-84123456", $"电话“{phone}”既不是 11 位手机号，也不是 0731-84123456 这样的座机号");
    }

    [GeneratedRegex(@"^(?:\+?86)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex Phone();
}
