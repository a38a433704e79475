using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;

namespace ParkingGate.Host.Ledger;

/// <summary>
/// The ledger as CSV: every column, hashes included, one row per entry in sequence order. UTF-8 with a BOM so
/// Excel shows Chinese; RFC 4180 quoting; an empty cell is a missing value. The committee's verifier reads it.
/// </summary>
public static class LedgerCsv
{
    /// <summary>The columns, in order; the same names as the database columns.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "seq", "at_utc", "kind", "plate", "stay_id", "amount_fen", "channel", "channel_ref", "receipt_no", "operator",
        "tariff_id", "tariff_hash", "reverses_seq", "reason", "detail", "prev_hash", "hash",
    ];

    /// <summary>Writes <paramref name="entries"/> to <paramref name="path"/>; returns how many.</summary>
    public static long Write(string path, IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" });
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        csv.NextRecord();
        long count = 0;
        foreach (var e in entries)
        {
            string?[] fields =
            [
                Number(e.Seq), LedgerHash.Time(e.AtUtc), e.Kind.ToName(), e.Plate, Number(e.StayId), Number(e.AmountFen), e.Channel,
                e.ChannelRef, Number(e.ReceiptNo), e.Operator, e.TariffId, e.TariffHash, Number(e.ReversesSeq), e.Reason, e.Detail,
                e.PrevHash, e.Hash,
            ];
            foreach (var field in fields)
            {
                csv.WriteField(field ?? "");
            }

            csv.NextRecord();
            count++;
        }

        return count;
    }

    /// <summary>Reads an exported file back, entry by entry; a malformed row is reported with its line.</summary>
    public static IEnumerable<Result<LedgerEntry>> Read(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        if (!csv.Read() || !csv.ReadHeader() || !(csv.HeaderRecord ?? []).SequenceEqual(Columns))
        {
            yield return Result<LedgerEntry>.Failure("invalid-csv", $"'{path}' does not start with the ledger header: {string.Join(",", Columns)}", $"“{path}”的第一行不是账本表头：{string.Join(",", Columns)}");
            yield break;
        }

        while (csv.Read())
        {
            yield return Parse(csv, csv.Parser.RawRow);
        }
    }

    /// <summary>The entries of an exported file; a malformed row stops the reading with <see cref="InvalidDataException"/>.</summary>
    public static IEnumerable<LedgerEntry> ReadEntries(string path) =>
        Read(path).Select(row => row.IsSuccess ? row.Value : throw new InvalidDataException(row.Problem.Message));

    private static Result<LedgerEntry> Parse(CsvReader csv, int line)
    {
        string? Text(int i) => csv.GetField(i) is { Length: > 0 } value ? value : null;
        long? Long(int i) => Text(i) is { } value && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

        if (Long(0) is not { } seq || Long(5) is not { } amount || !LedgerKinds.TryParse(Text(2), out var kind)
            || !DateTimeOffset.TryParseExact(Text(1), LedgerHash.TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            || Text(9) is not { } op || Text(15) is not { } prev || Text(16) is not { } hash)
        {
            return Result<LedgerEntry>.Failure("invalid-csv", $"line {line}: seq, at_utc, kind, amount_fen, operator, prev_hash and hash must be present and well formed", $"第 {line} 行：seq、at_utc、kind、amount_fen、operator、prev_hash 和 hash 必须齐全且格式正确");
        }

        return new LedgerEntry(seq, at, kind, Text(3), Long(4), amount, Text(6), Text(7), Long(8), op, Text(10), Text(11), Long(12), Text(13), Text(14), prev, hash);
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
}
