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
    public const string TimeFormat = Netstrings.TimeFormat;

    /// <summary>The prev_hash of entry 1: binds the chain to one estate.</summary>
    public static string Genesis(string estateId) => Netstrings.Genesis(Tag, estateId);

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
        Netstrings.Write(writer, Tag);
        Netstrings.Write(writer, e.Seq);
        Netstrings.WriteTime(writer, e.AtUtc);
        Netstrings.Write(writer, e.Kind.ToName());
        Netstrings.Write(writer, e.Plate);
        Netstrings.Write(writer, e.StayId);
        Netstrings.Write(writer, e.AmountFen);
        Netstrings.Write(writer, e.Channel);
        Netstrings.Write(writer, e.ChannelRef);
        Netstrings.Write(writer, e.ReceiptNo);
        Netstrings.Write(writer, e.Operator);
        Netstrings.Write(writer, e.TariffId);
        Netstrings.Write(writer, e.TariffHash);
        Netstrings.Write(writer, e.ReversesSeq);
        Netstrings.Write(writer, e.Reason);
        Netstrings.Write(writer, e.Detail);
        Netstrings.Write(writer, e.PrevHash);
    }
}
