using System.Text;

namespace ParkingGate.Domain;

/// <summary>
/// Decodes text files that office PCs in China write: UTF-8 (with or without a BOM) or GBK, which is what
/// Excel's "CSV" saves on a Chinese Windows. Valid UTF-8 is taken as UTF-8; anything else as GBK.
/// </summary>
public static class TextFileEncoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextFileEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Gbk = Encoding.GetEncoding(936);
    }

    /// <summary>GBK (code page 936).</summary>
    public static Encoding Gbk { get; }

    /// <summary>Decodes <paramref name="bytes"/>, telling which encoding it used.</summary>
    public static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (StrictUtf8.GetString(bytes[3..]), "UTF-8");
        }

        try
        {
            return (StrictUtf8.GetString(bytes), "UTF-8");
        }
        catch (DecoderFallbackException)
        {
            return (Gbk.GetString(bytes), "GBK");
        }
    }
}
