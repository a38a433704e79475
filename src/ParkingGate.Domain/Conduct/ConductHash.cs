using System.Buffers;
using System.Security.Cryptography;

namespace ParkingGate.Domain.Conduct;

/// <summary>
/// The canonical form of a conduct register record and its hash, documented in the README so that a published
/// notice can be checked against the register without our code.
/// </summary>
/// <remarks>
/// Netstrings (as the ledger's) of 15 fields, in order: the tag <c>parkinggate-register-v1</c>, seq, at, kind, plate,
/// room, offence, place, occurred, photos, operator, refers_to, reason, detail, prev_hash. The hash is the lower-case
/// hex SHA-256 of those bytes; the first record's prev_hash is the SHA-256 of the netstrings of the tag,
/// <c>genesis</c> and the estate id.
/// </remarks>
public static class ConductHash
{
    /// <summary>The format tag that opens every canonical form.</summary>
    public const string Tag = "parkinggate-register-v1";

    /// <summary>The prev_hash of record 1: binds the register to one estate.</summary>
    public static string Genesis(string estateId) => Netstrings.Genesis(Tag, estateId);

    /// <summary>The hash <paramref name="record"/> must carry, recomputed from its fields (its own Hash is ignored).</summary>
    public static string Compute(ConductRecord record) => Convert.ToHexStringLower(SHA256.HashData(CanonicalBytes(record)));

    /// <summary>The canonical bytes.</summary>
    public static byte[] CanonicalBytes(ConductRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var writer = new ArrayBufferWriter<byte>(512);
        Netstrings.Write(writer, Tag);
        Netstrings.Write(writer, record.Seq);
        Netstrings.WriteTime(writer, record.AtUtc);
        Netstrings.Write(writer, record.Kind.ToName());
        Netstrings.Write(writer, record.Plate);
        Netstrings.Write(writer, record.Room);
        Netstrings.Write(writer, record.Offence);
        Netstrings.Write(writer, record.Place);
        Netstrings.WriteTime(writer, record.OccurredUtc);
        Netstrings.Write(writer, record.Photos);
        Netstrings.Write(writer, record.Operator);
        Netstrings.Write(writer, record.RefersTo);
        Netstrings.Write(writer, record.Reason);
        Netstrings.Write(writer, record.Detail);
        Netstrings.Write(writer, record.PrevHash);
        return writer.WrittenSpan.ToArray();
    }
}
