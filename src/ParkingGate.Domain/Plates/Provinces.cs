namespace ParkingGate.Domain.Plates;

/// <summary>
/// The one-character abbreviations that open a Chinese mainland plate (GA 36-2018): the 31 provinces,
/// autonomous regions and municipalities.
/// </summary>
public static class Provinces
{
    /// <summary>All province characters, in the order the standard lists them.</summary>
    public const string All = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

    /// <summary>True when <paramref name="c"/> is a province character.</summary>
    public static bool Contains(char c) => All.Contains(c, StringComparison.Ordinal);

    /// <summary>True for a CJK unified ideograph (the block plates draw their Chinese characters from).</summary>
    public static bool IsChineseCharacter(char c) => c is >= '\u4E00' and <= '\u9FFF';
}
