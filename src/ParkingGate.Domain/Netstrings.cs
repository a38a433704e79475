using System.Buffers;
using System.Globalization;
using System.Text;

namespace ParkingGate.Domain;

/// <summary>
/// The netstrings every canonical form here is made of (the ledger's entries, the conduct register's records):
/// each field as <c>LENGTH:VALUE,</c>, LENGTH the decimal byte length of VALUE's UTF-8 encoding.
/// </summary>
public static class Netstrings
{
    /// <summary>The format of instants in canonical forms: UTC <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>
    /// The prev_hash of a chain's first record: the lower-case hex SHA-256 of the netstrings <paramref name="tag"/>,
    /// <c>genesis</c> and <paramref name="estateId"/>, which binds the chain to one estate.
    /// </summary>
    public static string Genesis(string tag, string estateId)
    {
        ArgumentException.ThrowIfNullOrEmpty(estateId);
        var writer = new ArrayBufferWriter<byte>(128);
        Write(writer, tag);
        Write(writer, "genesis");
        Write(writer, estateId);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(writer.WrittenSpan));
    }

    /// <summary>Writes an integer in plain decimal (a leading <c>-</c> when negative); null as the empty string.</summary>
    public static void Write(ArrayBufferWriter<byte> writer, long? value)
    {
        Span<char> digits = stackalloc char[24];
        var text = value is { } v && v.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture) ? digits[..written] : [];
        Write(writer, text);
    }

    /// <summary>Writes a text; null as the empty string.</summary>
    public static void Write(ArrayBufferWriter<byte> writer, string? value) => Write(writer, value.AsSpan());

    /// <summary>Writes an instant in <see cref="TimeFormat"/>.</summary>
    public static void WriteTime(ArrayBufferWriter<byte> writer, DateTimeOffset instant)
    {
        Span<char> text = stackalloc char[32];
        instant.UtcDateTime.TryFormat(text, out var written, TimeFormat, CultureInfo.InvariantCulture);
        Write(writer, text[..written]);
    }

    /// <summary>Writes an instant in <see cref="TimeFormat"/>; null as the empty string.</summary>
    public static void WriteTime(ArrayBufferWriter<byte> writer, DateTimeOffset? instant)
    {
        if (instant is { } at)
        {
            WriteTime(writer, at);
        }
        else
        {
            Write(writer, ReadOnlySpan<char>.Empty);
        }
    }

    /// <summary>Writes characters as one netstring.</summary>
    public static void Write(ArrayBufferWriter<byte> writer, ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var length = Encoding.UTF8.GetByteCount(value);
        var prefix = writer.GetSpan(24);
        length.TryFormat(prefix, out var n, default, CultureInfo.InvariantCulture);
        prefix[n++] = (byte)':';
        writer.Advance(n);
        var body = writer.GetSpan(length + 1);
        Encoding.UTF8.GetBytes(value, body);
        body[length] = (byte)',';
        writer.Advance(length + 1);
    }
}
