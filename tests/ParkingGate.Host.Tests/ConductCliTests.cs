using MiniExcelLibs;
using ParkingGate.Host.Cli;

namespace ParkingGate.Host.Tests;

/// <summary><c>conduct record|correct|list|verify</c> over a real file, under the shipped conduct rules.</summary>
public sealed class ConductCliTests : FolderFixture
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
    private CliRunner _cli = null!;

    [SetUp]
    public void CreateRunner() => _cli = new CliRunner(Folder);

    [Test]
    public async Task A_violation_with_a_photo_is_recorded_listed_corrected_and_the_register_verifies_against_its_digest()
    {
        await _cli.ExpectAsync(ExitCodes.Ok, "household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001");
        await _cli.ExpectAsync(ExitCodes.Ok, "vehicle", "add", "--room", "3-2-501", "--plate", "湘A12345");
        var photo = Folder.Write("fire-lane.jpg", Jpeg);

        var recorded = await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "record", "--plate", "湘A12345", "--kind", "fire-lane", "--place", "3栋东侧消防通道", "--at", "2026-03-02T08:40", "--photo", photo);
        Assert.That(recorded.Out, Does.StartWith("record 1: 湘A12345 (3-2-501) 堵塞消防通道 at 3栋东侧消防通道").And.Contain("1 photo(s)"));
        await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "record", "--plate", "粤B77777", "--kind", "disorderly", "--place", "2栋门口");
        var corrected = await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "correct", "2", "--reason", "重复登记", "--withdraw");
        Assert.That(corrected.Out, Does.Contain("record 3: withdraws record 2 — 重复登记"));

        var list = await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "list", "--month", "2026-03");
        Assert.That(list.Out, Does.Contain("湘A12345").And.Contain("堵塞消防通道").And.Contain("withdrawn").And.Contain("1 violation(s), 1 withdrawn"));
        var verified = await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "verify");
        var digest = verified.Out.Split('\n')[1].Trim();
        Assert.That(digest, Does.StartWith("PGR1 estate=fenglin-anzhi last=3 head="));
        Assert.That((await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "verify", "--digest", digest)).Out, Does.StartWith("register OK: 3 record(s)"));
        var forged = await _cli.ExpectAsync(ExitCodes.Failed, "conduct", "verify", "--digest", digest[..^4] + "0000");
        Assert.That(forged.Err, Does.Contain("the register was rewritten"));
    }

    [Test]
    public async Task A_bad_report_is_refused_by_name_and_nothing_is_written()
    {
        var text = Folder.Write("notes.txt", "not a photo");
        var notImage = await _cli.ExpectAsync(ExitCodes.Failed, "conduct", "record", "--plate", "湘A12345", "--kind", "fire-lane", "--place", "3栋", "--photo", text);
        Assert.That(notImage.Err, Does.Contain("photo 1 is not a JPEG, PNG or WebP image"));
        var future = await _cli.ExpectAsync(ExitCodes.Failed, "conduct", "record", "--plate", "湘A12345", "--kind", "fire-lane", "--place", "3栋", "--at", "2026-03-03T08:00");
        Assert.That(future.Err, Does.Contain("later than now"));
        var badPlate = await _cli.ExpectAsync(ExitCodes.Failed, "conduct", "record", "--plate", "湘A1", "--kind", "fire-lane", "--place", "3栋");
        Assert.That(badPlate.Err, Does.Contain("invalid plate"));
        var nothing = await _cli.ExpectAsync(ExitCodes.Failed, "conduct", "correct", "9", "--reason", "看错了", "--withdraw");
        Assert.That(nothing.Err, Does.Contain("record 9 is not a violation"));
        Assert.That((await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "verify")).Out, Does.StartWith("register OK: 0 record(s)"));
    }

    [Test]
    public async Task A_rule_file_with_an_error_stops_the_config_naming_the_file_and_field()
    {
        var rules = Path.Combine(Path.GetDirectoryName(Folder.Config)!, "conduct", "fenglin-conduct.json");
        File.WriteAllText(rules, File.ReadAllText(rules).Replace("\"count\": 3", "\"count\": 0", StringComparison.Ordinal));
        var run = await _cli.ExpectAsync(ExitCodes.UsageOrConfig, "conduct", "list");
        Assert.That(run.Err, Does.Contain("conduct.rules: conduct rule file").And.Contain("proposals[0].count: 0 must be between 1 and 100"));
    }

    [Test]
    public async Task A_months_violations_export_as_xlsx_with_counts_and_as_csv_for_excel()
    {
        await _cli.ExpectAsync(ExitCodes.Ok, "household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001");
        await _cli.ExpectAsync(ExitCodes.Ok, "vehicle", "add", "--room", "3-2-501", "--plate", "湘A12345");
        await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "record", "--plate", "湘A12345", "--kind", "fire-lane", "--place", "3栋东侧", "--at", "2026-03-01T20:10");
        await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "record", "--plate", "粤B77777", "--kind", "disorderly", "--place", "2栋门口", "--at", "2026-03-02T07:00");
        await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "record", "--plate", "粤B66666", "--kind", "disorderly", "--place", "2栋门口", "--at", "2026-03-02T07:05");
        await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "correct", "3", "--reason", "重复登记", "--withdraw");

        var xlsx = await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "export", "--month", "2026-03");
        Assert.That(xlsx.Out, Does.Contain("fenglin-anzhi-conduct-2026-03.xlsx: 2 violation(s) of 2026-03, 1 withdrawn"));
        var path = xlsx.Out.Split(':')[0];
        var detail = MiniExcel.Query(path, useHeaderRow: true, sheetName: "违停明细").Cast<IDictionary<string, object>>().ToList();
        Assert.That(detail.Select(r => (r["车牌"], r["楼栋"], r["违停类型"], r["状态"])), Is.EqualTo(new[]
        {
            ((object)"湘A12345", (object)"3栋", (object)"堵塞消防通道", (object?)null),
            ("粤B77777", "非本小区车辆", "乱停乱放", null),
            ("粤B66666", "非本小区车辆", "乱停乱放", "已撤销"),
        }));
        var byKind = MiniExcel.Query(path, useHeaderRow: true, sheetName: "按类型").Cast<IDictionary<string, object>>().ToDictionary(r => (string)r["违停类型"], r => Convert.ToInt32(r["次数"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That((byKind["堵塞消防通道"], byKind["乱停乱放"], byKind["占用他人车位"]), Is.EqualTo((1, 1, 0)), "a withdrawn violation is not counted");

        var csv = await _cli.ExpectAsync(ExitCodes.Ok, "conduct", "export", "--month", "2026-03", "--format", "csv", "--out", "三月违停.csv");
        var bytes = File.ReadAllBytes(csv.Out.Split(": ")[0]);
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "a BOM, so Excel reads the Chinese");
        var lines = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("编号,日期,车牌,房号,楼栋,违停类型,地点,照片,登记人,状态"));
        Assert.That(lines[1], Does.StartWith("1,2026-03-01 20:10,湘A12345,3-2-501,3栋,堵塞消防通道,3栋东侧,0,clerk-li,"));
        Assert.That((await _cli.ExpectAsync(ExitCodes.UsageOrConfig, "conduct", "export", "--month", "2026-03", "--out", "../outside.xlsx")).Err, Does.Contain("outside the export folder"));
    }
}
