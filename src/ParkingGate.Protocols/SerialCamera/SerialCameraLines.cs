using System.Text;
using System.Text.RegularExpressions;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Protocols.SerialCamera;

/// <summary>What one line from a serial camera gave: a read, or why it gave none.</summary>
/// <param name="Line">The line as decoded (cut to 80 characters), for logs and <c>serial listen</c>.</param>
/// <param name="Read">The read, when the line matched the pattern.</param>
/// <param name="Error">Why the line gave no read.</param>
public sealed record SerialLineResult(string Line, CameraRead? Read, string? Error);

/// <summary>
/// Turns the byte stream of a plate unit's serial output into reads. Lines end in LF or CR; each is decoded in the
/// configured encoding (GBK or UTF-8) and matched against a pattern whose named group <c>plate</c> extracts the plate;
/// optional groups <c>color</c> (blue/蓝 …), <c>confidence</c> (0–100) and <c>id</c> are used when present. Bytes
/// that never end in a line (noise on the line, a half line at power-up) are dropped once a line grows past
/// <see cref="MaxLineBytes"/>; a line that does not match gives an error, never a read.
/// </summary>
public sealed class SerialCameraLines
{
    /// <summary>
    /// The default pattern: a Chinese plate anywhere in the line (province, letter, 5 or 6 letters and digits, an
    /// optional 挂/学/警/港/澳), then optionally a colour and a confidence: <c>粤B12345 蓝 96</c>, <c>PLATE:粤B12345,蓝色</c>.
    /// </summary>
    public const string DefaultPattern =
        @"(?<plate>[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{4,6}[挂学警港澳]?)" +
        @"(?:[^A-Z0-9\u4e00-\u9fff]*(?<color>黄绿色?|蓝色?|黄色?|白色?|黑色?|绿色?|yellow-green|blue|yellow|white|black|green))?" +
        @"(?:\D*(?<confidence>\d{1,3}))?";

    /// <summary>The longest line kept; beyond it the bytes are noise and are dropped up to the next line end.</summary>
    public const int MaxLineBytes = 256;

    private readonly Encoding _encoding;
    private readonly Regex _pattern;
    private readonly string _device;
    private readonly List<byte> _line = new(MaxLineBytes);
    private bool _overflow;
    private long _sequence;

    /// <summary>Creates a decoder for one camera.</summary>
    /// <param name="encoding">GBK or UTF-8 (invalid bytes decode to U+FFFD and simply do not match).</param>
    /// <param name="pattern">A pattern with a named group <c>plate</c>.</param>
    /// <param name="device">The camera's name in reads and logs (the lane's or the port's).</param>
    public SerialCameraLines(Encoding encoding, Regex pattern, string device)
    {
        _encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
        _pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        if (Array.IndexOf(pattern.GetGroupNames(), "plate") < 0)
        {
            throw new ArgumentException($"the pattern '{pattern}' has no group named plate: write (?<plate>...)", nameof(pattern));
        }
    }

    /// <summary>Bytes dropped as noise so far (over-long lines and empty lines are not counted as reads).</summary>
    public long DroppedBytes { get; private set; }

    /// <summary>The encoding named in a config: <c>gbk</c> (also gb2312, gb18030) or <c>utf-8</c>.</summary>
    public static bool TryEncoding(string name, out Encoding encoding)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        encoding = name.ToLowerInvariant() switch
        {
            "gbk" or "gb2312" or "cp936" => Encoding.GetEncoding(936),
            "gb18030" => Encoding.GetEncoding("gb18030"),
            "utf-8" or "utf8" => new UTF8Encoding(false),
            _ => Encoding.ASCII,
        };
        return encoding is not ASCIIEncoding;
    }

    /// <summary>Compiles a configured pattern; a bad one (or one without a plate group) is an error naming it.</summary>
    public static bool TryPattern(string text, out Regex? pattern, out string? error)
    {
        pattern = null;
        try
        {
            pattern = new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        }
        catch (ArgumentException e)
        {
            error = $"pattern '{text}' is not a valid regular expression: {e.Message}";
            return false;
        }

        if (Array.IndexOf(pattern.GetGroupNames(), "plate") < 0)
        {
            error = $"pattern '{text}' has no group named plate: write (?<plate>...)";
            pattern = null;
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Takes the bytes just received and returns what each line completed by them gave.</summary>
    public IReadOnlyList<SerialLineResult> Feed(ReadOnlySpan<byte> bytes, DateTimeOffset now)
    {
        List<SerialLineResult>? results = null;
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                if (_overflow)
                {
                    _overflow = false;
                }
                else if (_line.Count > 0)
                {
                    (results ??= []).Add(Decode(now));
                }

                _line.Clear();
                continue;
            }

            if (_overflow)
            {
                DroppedBytes++;
            }
            else if (_line.Count == MaxLineBytes)
            {
                DroppedBytes += _line.Count + 1;
                _line.Clear();
                _overflow = true;
            }
            else
            {
                _line.Add(b);
            }
        }

        return results ?? (IReadOnlyList<SerialLineResult>)[];
    }

    private SerialLineResult Decode(DateTimeOffset now)
    {
        var text = _encoding.GetString([.. _line]).Trim();
        var shown = text.Length > 80 ? text[..80] : text;
        Match match;
        try
        {
            match = _pattern.Match(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return new SerialLineResult(shown, null, "the pattern took too long on this line");
        }

        if (!match.Success)
        {
            return new SerialLineResult(shown, null, "no plate in the line");
        }

        var plate = match.Groups["plate"].Value.Trim();
        if (plate.Length is 0 or > CameraMessages.MaxPlateLength)
        {
            return new SerialLineResult(shown, null, $"the plate group holds {plate.Length} characters");
        }

        var color = PlateColor.Unknown;
        if (match.Groups["color"] is { Success: true } c && !CameraMessages.TryColor(c.Value.ToLowerInvariant(), out color))
        {
            color = PlateColor.Unknown;
        }

        var confidence = 100;
        if (match.Groups["confidence"] is { Success: true } k)
        {
            if (!int.TryParse(k.Value, System.Globalization.CultureInfo.InvariantCulture, out confidence) || confidence is < 0 or > 100)
            {
                return new SerialLineResult(shown, null, $"confidence '{k.Value}' is not 0–100");
            }
        }

        _sequence++;
        var id = match.Groups["id"] is { Success: true } i ? i.Value : $"{now.ToUnixTimeMilliseconds()}-{_sequence}";
        return new SerialLineResult(shown, new CameraRead("serial", _device, $"{_device}:{id}", plate, color, confidence, now, null), null);
    }
}
