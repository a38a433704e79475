using System.Diagnostics.CodeAnalysis;

namespace ParkingGate.Domain.Plates;

/// <summary>A normalised, validated vehicle plate.</summary>
/// <remarks>Create one with <see cref="TryParse(string?, out Plate?, out PlateError?)"/>.</remarks>
public sealed record Plate
{
    /// <summary>The suffix characters that end a special mainland plate.</summary>
    public const string SpecialSuffixes = "学警挂港澳领使试超";

    /// <summary>The two-character suffix of emergency rescue plates (应急救援专用号牌), e.g. <c>湘A1234应急</c>.</summary>
    public const string EmergencySuffix = "应急";

    /// <summary>The longest text accepted as a non-standard plate.</summary>
    public const int MaxLength = 12;

    private Plate(string text, PlateFormat format)
    {
        Text = text;
        Format = format;
    }

    /// <summary>The normalised text, e.g. <c>湘A12345</c>.</summary>
    public string Text { get; }

    /// <summary>The layout the plate follows.</summary>
    public PlateFormat Format { get; }

    /// <summary>False for plates kept as opaque text (foreign, military, embassy).</summary>
    public bool IsStandard => Format != PlateFormat.NonStandard;

    /// <summary>The province character of a mainland plate, or null.</summary>
    public char? Province => IsStandard ? Text[0] : null;

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Normalises and validates <paramref name="input"/>.</summary>
    /// <returns>True with the plate, or false with the reason.</returns>
    public static bool TryParse(string? input, [NotNullWhen(true)] out Plate? plate, [NotNullWhen(false)] out PlateError? error)
    {
        var text = PlateNormalizer.Normalize(input);
        error = Validate(input ?? string.Empty, text, out var format);
        plate = error is null ? new Plate(text, format) : null;
        return error is null;
    }

    /// <summary>Parses text that must be a plate, such as a row already stored by this program.</summary>
    /// <exception cref="FormatException">The text is not a plate.</exception>
    public static Plate Parse(string input) =>
        TryParse(input, out var plate, out var error) ? plate : throw new FormatException(error.Message);

    private static PlateError? Validate(string input, string text, out PlateFormat format)
    {
        format = PlateFormat.NonStandard;
        if (text.Length == 0)
        {
            return new PlateError(PlateErrorKind.Empty, input, "the plate is empty", "车牌为空");
        }

        foreach (var c in text)
        {
            if (!IsAsciiUpperOrDigit(c) && !Provinces.IsChineseCharacter(c))
            {
                return new PlateError(PlateErrorKind.InvalidCharacter, input,
                    $"'{input}' contains '{c}' (U+{(int)c:X4}), which no plate uses", $"“{input}”含有车牌不用的字符“{c}”");
            }
        }

        if (Provinces.Contains(text[0]))
        {
            return ValidateMainland(input, text, out format);
        }

        if (text.Length is < 2 or > MaxLength)
        {
            return new PlateError(PlateErrorKind.WrongLength, input,
                $"'{input}' has {text.Length} characters; a plate has between 2 and {MaxLength}", $"“{input}”有 {text.Length} 个字符，车牌应为 2 到 {MaxLength} 个");
        }

        return text.Any(IsAsciiUpperOrDigit)
            ? null
            : new PlateError(PlateErrorKind.InvalidCharacter, input, $"'{input}' has no letter or digit, so it is not a plate", $"“{input}”没有字母或数字，不是车牌");
    }

    private static PlateError? ValidateMainland(string input, string text, out PlateFormat format)
    {
        format = PlateFormat.Standard;
        if (text.Length == 8 && text.EndsWith(EmergencySuffix, StringComparison.Ordinal))
        {
            // Emergency rescue (应急救援): province, the team's letter, four characters, then 应急 (e.g. 湘A1234应急).
            format = PlateFormat.Special;
            return text[1] is >= 'A' and <= 'Z' && AllPlateSerialCharacters(text.AsSpan(2, 4))
                ? null
                : Layout(input, text, "an emergency plate has a letter and four letters or digits before 应急", "应急车牌为一位字母加四位字母或数字再加“应急”");
        }

        if (text.Length is not (7 or 8))
        {
            return new PlateError(PlateErrorKind.WrongLength, input,
                $"'{text}' has {text.Length - 2} characters after '{text[..Math.Min(2, text.Length)]}'; a mainland plate has 5 (6 for new-energy)",
                $"“{text}”在“{text[..Math.Min(2, text.Length)]}”之后有 {text.Length - 2} 位，车牌应为 5 位（新能源 6 位）");
        }

        if (text[1] is < 'A' or > 'Z')
        {
            return Layout(input, text, $"the second character must be a letter, not '{text[1]}'", $"第二位应为字母，不能是“{text[1]}”");
        }

        var serial = text.AsSpan(2);
        if (text.Length == 8)
        {
            format = PlateFormat.NewEnergy;
            return IsNewEnergySerial(serial)
                ? null
                : Layout(input, text, "a new-energy plate has D, F (or A–K) then five characters, or five digits then D or F", "新能源车牌为 D、F（或 A–K）加五位，或五位数字加 D 或 F");
        }

        if (SpecialSuffixes.Contains(serial[^1], StringComparison.Ordinal))
        {
            format = PlateFormat.Special;
            return AllPlateSerialCharacters(serial[..^1])
                ? null
                : Layout(input, text, "a plate with a suffix has four letters or digits before it", "带“挂/学/警”等字的车牌前面应有四位字母或数字");
        }

        return AllPlateSerialCharacters(serial)
            ? null
            : Layout(input, text, $"'{FirstOffender(serial)}' cannot appear in the last five characters", $"后五位不能有“{FirstOffender(serial)}”");
    }

    /// <summary>Small new-energy: [A–H J K] then a letter or digit then four digits; large: five digits then D or F.</summary>
    private static bool IsNewEnergySerial(ReadOnlySpan<char> s)
    {
        var small = "ABCDEFGHJK".Contains(s[0], StringComparison.Ordinal)
                    && IsAsciiUpperOrDigit(s[1])
                    && s[2..].ContainsAnyExceptInRange('0', '9') == false;
        var large = s[..5].ContainsAnyExceptInRange('0', '9') == false && s[5] is 'D' or 'F';
        return small || large;
    }

    private static bool AllPlateSerialCharacters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsAsciiUpperOrDigit(c) || c is 'I' or 'O')
            {
                return false;
            }
        }

        return true;
    }

    private static char FirstOffender(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsAsciiUpperOrDigit(c) || c is 'I' or 'O')
            {
                return c;
            }
        }

        return s[0];
    }

    private static PlateError Layout(string input, string text, string why, string whyZh) =>
        new(PlateErrorKind.NotMainlandLayout, input, $"'{text}' is not a valid mainland plate: {why}", $"“{text}”不是有效的车牌：{whyZh}");

    private static bool IsAsciiUpperOrDigit(char c) => c is >= 'A' and <= 'Z' or >= '0' and <= '9';
}
