using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ParkingGate.Domain.Ledger;

/// <summary>
/// The canonical form of a ledger entry and its hash, documented in the README ("The revenue ledger") so that
/// anyone can recompute the chain without our code.
/// </summary>
/// <remarks>
/// Canonical form: the UTF-8 bytes of 17 fields, each written as a netstring <c>LENGTH:VALUE,</c> where LENGTH
/// is the decimal byte length of VALUE's UTF-8 encoding. Fields, in order: the tag <c>parkinggate-ledger-v1</c>,
/// seq, at (UTC <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>), kind, plate, stay, amount_fen, channel, channel_ref,
/// receipt_no, operator, tariff_id, tariff_hash, reverses_seq, reason, detail, prev_hash. Integers are plain
/// decimal with a leading <c>-</c> when negative; a missing value is the empty string. The hash is the
/// lower-case hex SHA-256 of those bytes. The first entry's prev_hash is the genesis value: the SHA-256 of the
/// netstrings <c>parkinggate-ledger-v1</c>, <c>genesis</c> and the estate id.
/// </remarks>
public static class LedgerHash
{
    /// <summary>The format tag that opens every canonical form.</summary>
    public const string Tag = "parkinggate-ledger-v1";

    /// <summary>The format of instants in the canonical form, the database and the export.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The prev_hash of entry 1: binds the chain to one estate.</summary>
    public static string Genesis(string estateId)
    {
        ArgumentException.ThrowIfNullOrEmpty(estateId);
        var writer = new ArrayBufferWriter<byte>(128);
        Netstring(writer, Tag);
        Netstring(writer, "genesis");
        Netstring(writer, estateId);
        return Convert.ToHexStringLower(SHA256.HashData(writer.WrittenSpan));
    }

    /// <summary>An instant as the canonical form writes it.</summary>
    public static string Time(DateTimeOffset instant) => instant.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>The hash <paramref name="entry"/> must carry, recomputed from its fields (its own Hash is ignored).</summary>
    public static string Compute(LedgerEntry entry)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashInto(entry, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>True when the stored hash equals the one recomputed from the entry's fields (no allocation).</summary>
    public static bool HasValidHash(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<char> hex = stackalloc char[SHA256.HashSizeInBytes * 2];
        HashInto(entry, hash);
        return Convert.TryToHexStringLower(hash, hex, out _) && hex.SequenceEqual(entry.Hash);
    }

    private static void HashInto(LedgerEntry entry, Span<byte> hash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var writer = _buffer ??= new ArrayBufferWriter<byte>(1024);
        writer.ResetWrittenCount();
        Canonical(writer, entry);
        SHA256.HashData(writer.WrittenSpan, hash);
    }

    /// <summary>The canonical bytes, for the README's worked examples and for tests.</summary>
    public static byte[] CanonicalBytes(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var writer = new ArrayBufferWriter<byte>(512);
        Canonical(writer, entry);
        return writer.WrittenSpan.ToArray();
    }

    private static void Canonical(ArrayBufferWriter<byte> writer, LedgerEntry e)
    {
        Netstring(writer, Tag);
        Netstring(writer, e.Seq);
        NetstringTime(writer, e.AtUtc);
        Netstring(writer, e.Kind.ToName());
        Netstring(writer, e.Plate);
        Netstring(writer, e.StayId);
        Netstring(writer, e.AmountFen);
        Netstring(writer, e.Channel);
        Netstring(writer, e.ChannelRef);
        Netstring(writer, e.ReceiptNo);
        Netstring(writer, e.Operator);
        Netstring(writer, e.TariffId);
        Netstring(writer, e.TariffHash);
        Netstring(writer, e.ReversesSeq);
        Netstring(writer, e.Reason);
        Netstring(writer, e.Detail);
        Netstring(writer, e.PrevHash);
    }

    private static void Netstring(ArrayBufferWriter<byte> writer, long? value)
    {
        Span<char> digits = stackalloc char[24];
        var text = value is { } v && v.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture) ? digits[..written] : [];
        Netstring(writer, text);
    }

    private static void Netstring(ArrayBufferWriter<byte> writer, string? value) => Netstring(writer, value.AsSpan());

    private static void NetstringTime(ArrayBufferWriter<byte> writer, DateTimeOffset instant)
    {
        Span<char> text = stackalloc char[32];
        instant.UtcDateTime.TryFormat(text, out var written, TimeFormat, CultureInfo.InvariantCulture);
        Netstring(writer, text[..written]);
    }

    private static void Netstring(ArrayBufferWriter<byte> writer, ReadOnlySpan<char> value)
    {
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
