using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ParkingGate.Domain;
using ParkingGate.Domain.Registry;
using ParkingGate.Devices.Http;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Registry;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Display;
using ParkingGate.Protocols.Dahua;
using ParkingGate.Protocols.Frigate;
using ParkingGate.Protocols.Hikvision;
using ParkingGate.Protocols.Modbus;
using ParkingGate.Protocols.Native;
using ParkingGate.Protocols.PaymentTerminal;
using ParkingGate.Protocols.SerialCamera;
using ParkingGate.Protocols.Shelly;
using ParkingGate.Protocols.Vzenith;
using ParkingGate.Reports;

namespace ParkingGate.Benchmarks;

/// <summary>
/// <c>fuzz [N]</c>: every parser at a boundary of the system fed N random and mutated inputs (default 100,000 each):
/// half are mutations of a valid input (bytes flipped, inserted, deleted, duplicated, cut), half random bytes or
/// random text. No exception may escape a parser; every input is either accepted as a well-formed value or refused
/// with a message. Prints the counts per parser and exits 1 if any exception escaped or any accepted value was
/// malformed.
/// </summary>
internal static class Fuzz
{
    public static int Run(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var config = Path.Combine(AppContext.BaseDirectory, "config", "parkinggate.json");
        var now = DateTimeOffset.FromUnixTimeSeconds(1772412000);
        var vzenith = Encoding.UTF8.GetBytes("""{"id":"m-1","sn":"sn-in-1","name":"ivs_result","version":"1.0","timestamp":1772412000,"payload":{"AlarmInfoPlate":{"result":{"PlateResult":{"license":"LICENSE","colorType":1,"confidence":95,"triggerType":1,"imageFile":"","timeStamp":{"Timeval":{"sec":1772412000,"usec":0}}}}}}}"""
            .Replace("LICENSE", Convert.ToBase64String(Encoding.UTF8.GetBytes("湘A12345")), StringComparison.Ordinal));
        var frigate = Encoding.UTF8.GetBytes("""{"type":"lpr","id":"f-1","name":null,"plate":"湘A12345","score":0.93,"camera":"driveway_cam","timestamp":1772412000.5}""");
        var offline = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(vzenith).Replace("\"name\":\"ivs_result\"", "\"name\":\"offline_record\"", StringComparison.Ordinal)
            .Replace("\"triggerType\":1", "\"triggerType\":1,\"plateid\":4711,\"isoffline\":1,\"gioouts\":[{\"ionum\":0,\"ctrltype\":2}]", StringComparison.Ordinal));
        var heartbeat = Encoding.UTF8.GetBytes("------pg\r\nContent-Disposition: form-data; name=\"device_name\"\r\n\r\nIVS\r\n------pg\r\nContent-Disposition: form-data; name=\"pass_wd\"\r\n\r\nsecret\r\n"
            + "------pg\r\nContent-Disposition: form-data; name=\"serialno\"\r\n\r\nsn-in-1\r\n------pg--\r\n");
        var hikvision = Encoding.UTF8.GetBytes("""<?xml version="1.0" encoding="UTF-8"?><EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><ipAddress>192.168.1.64</ipAddress><dateTime>2026-03-02T08:15:30+08:00</dateTime><eventType>ANPR</eventType><eventState>active</eventState><ANPR><licensePlate>湘A12345</licensePlate><confidenceLevel>93</confidenceLevel><plateColor>blue</plateColor></ANPR></EventNotificationAlert>""");
        var dahua = Encoding.UTF8.GetBytes("""{"Picture":{"Plate":{"PlateNumber":"湘A12345","PlateColor":"Blue","Confidence":91},"SnapInfo":{"DeviceID":"dh-1","Direction":"Approach","SnapTime":"2026-03-02 08:15:30"},"NormalPic":{"Content":"AQID"}}}""");
        var native = Encoding.UTF8.GetBytes("""{"id":"n-1","plate":"湘A12345","color":"blue","confidence":97,"ts":1772412000.5}""");
        var payment = Encoding.UTF8.GetBytes("""{"id":"pay-12-ab","status":"paid","channel":"wechat","ref":"4200001234","amountFen":400,"ts":1772424030}""");
        var flash = ModbusRtu.Flash(1, 0, 700);
        var led = LedVoiceFrame.Speak("粤B12345 请缴费5元");
        var gbk = TextFileEncoding.Gbk;
        var line = gbk.GetBytes("粤B12345,蓝,96\r\n");
        var tariff = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "config", "tariffs", "fenglin-visitor.json"));
        var csv = Encoding.UTF8.GetBytes("房号,联系人,电话,车牌\n3-2-501,张建国,13807310001,湘A12345\n1-1-101,李秀英,13807310002,湘B11111;湘B22222\n");
        var wechat = Encoding.UTF8.GetBytes("交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注\n`2026-03-01 08:00:00,`wx1,`19,`,`,`4200000001,`M1,`o,`NATIVE,`SUCCESS,`OTHERS,`CNY,`5.00,`0.00,`,`,`0.00,`0.00,`,`,`停车费,`,`0.03,`0.60%,`5.00,`0.00,`\n");
        var alipay = gbk.GetBytes("#支付宝业务明细查询\n支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\n2026030122001,P1,交易,停车费,2026-03-01 08:00:00,2026-03-01 08:00:01,,,,,u,5.00,5.00,0,0,0,0,0,,0,0,,0,0,\n#-----业务明细列表结束----\n");
        var configSeed = File.ReadAllBytes(config);
        var rules = new RegistryRules(new EstateLayout([(1, 2), (2, 2), (3, 3), (4, 3), (5, 2)]), 2, 4);
        static TimeZoneInfo? Zone(string id) => TimeZones.Find(id);
        var lines = new SerialCameraLines(gbk, new Regex(SerialCameraLines.DefaultPattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)), "fuzz");

        var targets = new (string Name, byte[] Seed, int Count, Func<byte[], bool?> Parse)[]
        {
            ("vzenith ivs_result", vzenith, n, b => VzenithMessages.TryParseRead(b, out var r, out _) ? WellFormed(r) : false),
            ("vzenith offline_record", offline, n, b => VzenithMessages.TryParseOfflineRecord(b, out var r, out _) ? (r.Offline is { RecordId.Length: > 0 } ? WellFormed(r) : null) : false),
            ("vzenith gpio_in", Encoding.UTF8.GetBytes("""{"name":"gpio_in","payload":{"type":"gpio_in","body":{"source":0,"value":1}}}"""), n, b => VzenithMessages.TryParseSignal("gpio_in", b, out var s, out _) ? s.Input is >= 0 and <= 3 : false),
            ("vzenith http push", Encoding.UTF8.GetBytes("""{"AlarmInfoPlate":{"serialno":"sn-in-1","result":{"PlateResult":{"license":"湘A12345","colorType":1,"confidence":95,"plateid":17,"isoffline":0,"timeStamp":{"Timeval":{"sec":1772412000,"usec":0}}}}}}"""), n, b => VzenithHttp.TryParseRead(b, out var r, out _) ? WellFormed(r) : false),
            ("hikvision event", hikvision, n, b => HikvisionIsapi.TryParseEvent(b, "cam-1", null, out var e, out _) ? (e.Read is null || WellFormed(e.Read) == true ? true : null) : false),
            ("dahua tollgate", dahua, n, b => DahuaItc.TryParseTollgate(b, "dh-1", TimeZoneInfo.Utc, out var r, out _) ? WellFormed(r) : false),
            ("push form (heartbeat)", heartbeat, n, b => PushBodies.ReadAsync("multipart/form-data; boundary=----pg", b, CancellationToken.None).GetAwaiter().GetResult() is var (parts, error)
                ? parts is null ? (error is { Length: > 0 } ? false : null) : parts.Count is > 0 and <= PushBodies.MaxParts ? true : null
                : null),
            ("vzenith keep_alive", vzenith, n, b => VzenithMessages.TryParseKeepAlive(b, out var sn, out _) ? sn.Length > 0 : false),
            ("frigate lpr", frigate, n, b => FrigateMessages.TryParseRead(b, out var r, out _) ? WellFormed(r) : false),
            ("native read", native, n, b => NativeReadMessages.TryParseRead(b, "in-1", out var r, out _) ? WellFormed(r) : false),
            ("vzenith gpio_out reply", Encoding.UTF8.GetBytes("""{"id":"open-1","sn":"sn","name":"gpio_out","payload":{"type":"gpio_out","body":{"code":0}}}"""), n, b => VzenithCommands.TryParseReply(b, out _, out _, out _) ? true : false),
            ("shelly reply", Encoding.UTF8.GetBytes("""{"id":7,"src":"shelly","dst":"parkinggate","result":{"was_on":false}}"""), n, b => ShellyCommands.TryParseReply(b, out _, out _, out _) ? true : false),
            ("payment result", payment, n, b => PaymentTerminalMessages.TryParseResult(b, out var r, out _) ? r.AmountFen >= 0 : false),
            ("modbus reply", flash, n, b => ModbusRtu.TryReadReply(flash, b, out var r, out _) ? !r.Ok || b.AsSpan().SequenceEqual(flash) : false),
            ("led frame", led, n, b => LedVoiceFrame.TryParse(b, out _, out _, out _) ? true : false),
            ("led stream scanner", led, n, b => new LedFrameScanner().Feed(b) is var frames && frames.All(f => LedVoiceFrame.TryParse(f, out _, out _, out _)) ? frames.Count > 0 : null),
            ("serial camera lines", line, n, b => Lines(lines.Feed(b, now))),
            ("tariff file", tariff, n, b => TariffParser.Parse(b, Zone).IsSuccess ? true : false),
            ("household csv", csv, n, b => HouseholdCsvReader.Read(TextFileEncoding.Decode(b).Text, rules) is var (rows, errors) && errors.Count == 0 && rows.Count > 0 ? true : false),
            ("wechat statement", wechat, n, b => Statements.Read(b, "wechat").Error is null),
            ("alipay statement", alipay, n, b => Statements.Read(b, "alipay").Error is null),
            ("config file", configSeed, n, b => ParseConfig(b, config)),
        };

        var random = new Random(485);
        var failed = false;
        Console.WriteLine($"fuzz: {n:N0} inputs per parser, seed 485");
        foreach (var (name, seed, count, parse) in targets)
        {
            var watch = Stopwatch.StartNew();
            int accepted = 0, refused = 0, malformed = 0, thrown = 0;
            string? firstThrow = null;
            for (var i = 0; i < count; i++)
            {
                var input = i % 2 == 0 ? Mutate(seed, random) : Noise(random, seed);
                try
                {
                    switch (parse(input))
                    {
                        case true: accepted++; break;
                        case false: refused++; break;
                        default: malformed++; break;
                    }
                }
                catch (Exception e)
                {
                    thrown++;
                    firstThrow ??= $"{e.GetType().Name}: {e.Message}";
                }
            }

            failed |= thrown > 0 || malformed > 0;
            Console.WriteLine($"  {name,-24} {count,8:N0} inputs: {accepted,7:N0} accepted, {refused,8:N0} refused, {malformed} malformed, {thrown} exceptions  ({watch.Elapsed.TotalSeconds:0.0} s){(firstThrow is null ? "" : "  first: " + firstThrow)}");
        }

        Console.WriteLine(failed ? "fuzz: FAILED" : "fuzz: no exception escaped any parser");
        return failed ? 1 : 0;
    }

    /// <summary>A read is well formed when its plate is short, its confidence 0–100 and its time a real time.</summary>
    private static bool? WellFormed(CameraRead read) =>
        read.PlateText.Length <= CameraMessages.MaxPlateLength && read.Confidence is >= 0 and <= 100 && read.CapturedAt.Year is > 1970 and < 2200 ? true : null;

    private static bool? Lines(IReadOnlyList<SerialLineResult> results)
    {
        if (results.Any(r => r.Read is null ? r.Error is null : WellFormed(r.Read) is null))
        {
            return null;
        }

        return results.Any(r => r.Read is not null);
    }

    private static bool ParseConfig(byte[] bytes, string path)
    {
        try
        {
            ConfigLoader.Parse(bytes, path);
            return true;
        }
        catch (ConfigException)
        {
            return false; // refused with a message naming the key: the expected outcome
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        for (var k = random.Next(1, 6); k > 0 && bytes.Count > 0; k--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                case 2: bytes.RemoveAt(at); break;
                case 3: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(bytes.Count - at, random.Next(1, 40)))); break;
                case 4: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes[at] = (byte)"{}[]\",:0123456789-.`\n#"[random.Next(22)]; break;
            }
        }

        return [.. bytes];
    }

    private static byte[] Noise(Random random, byte[] seed)
    {
        var bytes = new byte[random.Next(0, Math.Min(seed.Length * 2, 4096))];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            // printable text: what a confused device or a wrong file is likelier to send
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(32 + (bytes[i] % 95));
            }
        }

        return bytes;
    }
}
