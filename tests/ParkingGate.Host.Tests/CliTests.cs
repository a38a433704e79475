using System.Text;
using System.Text.Json;
using ParkingGate.Host.Cli;

namespace ParkingGate.Host.Tests;

public sealed class CliTests : FolderFixture
{
    private CliRunner _cli = null!;

    [SetUp]
    public void CreateRunner() => _cli = new CliRunner(Folder);

    private async Task<CliRun> OkAsync(params string[] args)
    {
        var run = await _cli.RunAsync(args);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString);
        return run;
    }

    private async Task<CliRun> FailsAsync(int code, params string[] args)
    {
        var run = await _cli.RunAsync(args);
        Assert.That(run.ExitCode, Is.EqualTo(code), run.ToString);
        Assert.That(run.Err, Does.StartWith("error: "));
        return run;
    }

    /// <summary>The database's full content as the CLI sees it: households, vehicles, blocklist and audit.</summary>
    private async Task<string> StateAsync()
    {
        var text = new StringBuilder();
        foreach (var verb in new[] { "household", "vehicle", "blocklist" })
        {
            text.Append((await OkAsync(verb, "list", "--json")).Out);
        }

        return text.Append((await OkAsync("audit", "list", "--json", "--limit", "1000")).Out).ToString();
    }

    [Test]
    public async Task Config_check_prints_the_estate_broker_and_every_lane()
    {
        var run = await OkAsync("config", "check");
        Assert.That(run.Out, Does.StartWith("config is valid: estate fenglin-anzhi"));
        Assert.That(run.Out, Does.Contain("embedded broker on 127.0.0.1:1883, plain MQTT"));
        Assert.That(run.Out, Does.Contain("lane in-1 (entry): camera vzenith sn-in-1").And.Contain("lane out-1 (exit): camera vzenith sn-out-1"));
    }

    [Test]
    public async Task Config_check_of_a_broken_config_exits_2_naming_the_key_and_changes_nothing()
    {
        File.WriteAllText(Folder.Config, File.ReadAllText(Folder.Config).Replace("\"staleAfterSeconds\": 10", "\"staleAfterSeconds\": 9000", StringComparison.Ordinal));
        var run = await FailsAsync(ExitCodes.UsageOrConfig, "config", "check");
        Assert.That(run.Err, Does.Contain("gate.staleAfterSeconds 9000"));
        Assert.That(run.Out, Is.Empty);
        Assert.That(File.Exists(Folder.Database), Is.False, "checking a config opens no database");
    }

    [Test]
    public async Task Normalize_prints_the_plate_from_the_issue_example()
    {
        var run = await OkAsync("plate", "normalize", " 湘a·1234５ ");
        Assert.That(run.Out, Is.EqualTo("湘A12345" + Environment.NewLine));
    }

    [Test]
    public async Task Normalize_json_gives_format_and_class()
    {
        var run = await OkAsync("plate", "normalize", "湘ad1o234", "--json");
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("plate").GetString(), Is.EqualTo("湘AD10234"));
        Assert.That(json.RootElement.GetProperty("format").GetString(), Is.EqualTo("new-energy"));
        Assert.That(json.RootElement.GetProperty("vehicleClass").GetString(), Is.EqualTo("new-energy"));
        Assert.That(json.RootElement.GetProperty("standard").GetBoolean(), Is.True);
    }

    [Test]
    public async Task Normalize_flags_a_non_standard_plate_but_accepts_it()
    {
        var run = await OkAsync("plate", "normalize", "WJ-12345");
        Assert.That(run.Out.Trim(), Is.EqualTo("WJ12345"));
        Assert.That(run.Err, Does.Contain("non-standard"));
    }

    [Test]
    public async Task Normalize_of_an_invalid_plate_exits_1_naming_it()
    {
        var run = await FailsAsync(ExitCodes.Failed, "plate", "normalize", "湘A12");
        Assert.That(run.Err, Does.Contain("湘A12"));
        Assert.That(run.Out, Is.Empty);
    }

    [Test]
    public async Task Registering_a_household_and_its_vehicles_then_matching_a_misread()
    {
        await OkAsync("household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001");
        await OkAsync("vehicle", "add", "--room", "3-2-501", "--plate", "湘A12345");
        await OkAsync("vehicle", "add", "--room", "3-2-501", "--plate", "湘ad12345");

        var list = await OkAsync("vehicle", "list", "--json");
        var vehicles = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().ToList();
        Assert.That(vehicles.Select(v => v.GetProperty("plate").GetString()), Is.EquivalentTo(new[] { "湘A12345", "湘AD12345" }));
        Assert.That(vehicles.Select(v => v.GetProperty("class").GetString()), Is.EquivalentTo(new[] { "small", "new-energy" }));
        Assert.That(vehicles.Select(v => v.GetProperty("addedBy").GetString()), Is.All.EqualTo("clerk-li"));

        var fuzzy = await OkAsync("plate", "match", "湘A1234S", "--json");
        using var json = JsonDocument.Parse(fuzzy.Out);
        Assert.That(json.RootElement.GetProperty("kind").GetString(), Is.EqualTo("fuzzy"));
        Assert.That(json.RootElement.GetProperty("plate").GetString(), Is.EqualTo("湘A12345"));
        Assert.That(json.RootElement.GetProperty("candidates")[0].GetProperty("room").GetString(), Is.EqualTo("3-2-501"));

        Assert.That((await OkAsync("plate", "match", "湘A12345")).Out, Does.StartWith("exact: 湘A12345 (room 3-2-501"));
        Assert.That((await OkAsync("plate", "match", "粤B99999")).Out, Does.StartWith("none: 粤B99999"));
        Assert.That((await OkAsync("household", "list")).Out, Does.Contain("3-2-501").And.Contain("2/2"));
    }

    [Test]
    public async Task Match_reports_ambiguity_with_both_candidates()
    {
        await OkAsync("household", "add", "--room", "2-1-502", "--name", "刘芳", "--phone", "13807310004");
        await OkAsync("vehicle", "add", "--room", "2-1-502", "--plate", "湘AS5001");
        await OkAsync("vehicle", "add", "--room", "2-1-502", "--plate", "湘A5S001");

        var run = await OkAsync("plate", "match", "湘A55001");

        Assert.That(run.Out, Does.Contain("ambiguous: 湘A5S001").And.Contain("ambiguous: 湘AS5001"));
    }

    [Test]
    public async Task Bad_input_exits_non_zero_names_the_problem_and_changes_nothing()
    {
        await OkAsync("household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001", "--quota", "1");
        await OkAsync("vehicle", "add", "--room", "3-2-501", "--plate", "湘A12345");
        var before = await StateAsync();

        Assert.That((await FailsAsync(1, "vehicle", "add", "--room", "3-2-501", "--plate", "湘A1234#")).Err, Does.Contain("湘A1234#"));
        Assert.That((await FailsAsync(1, "vehicle", "add", "--room", "3-2-501", "--plate", "湘B77777")).Err, Does.Contain("quota"));
        Assert.That((await FailsAsync(1, "vehicle", "add", "--room", "1-1-101", "--plate", "湘B77777")).Err, Does.Contain("1-1-101"));
        Assert.That((await FailsAsync(1, "household", "add", "--room", "3-2-501", "--name", "王", "--phone", "13807310009")).Err, Does.Contain("already registered"));
        Assert.That((await FailsAsync(1, "household", "add", "--room", "8-1-101", "--name", "王", "--phone", "13807310009")).Err, Does.Contain("no building 8"));
        await OkAsync("household", "add", "--room", "1-1-101", "--name", "王", "--phone", "13807310009");
        before = await StateAsync();
        Assert.That((await FailsAsync(1, "vehicle", "add", "--room", "1-1-101", "--plate", "湘a-12345")).Err, Does.Contain("already registered to room 3-2-501"));
        Assert.That((await FailsAsync(1, "vehicle", "remove", "--plate", "湘C00000")).Err, Does.Contain("not registered"));

        Assert.That(await StateAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Usage_errors_exit_2()
    {
        Assert.That((await FailsAsync(2, "vehicle", "add", "--room", "3-2-501")).Err, Does.Contain("--plate"));
        Assert.That((await FailsAsync(2, "vehicle", "add", "--room", "3-2-501", "--plate", "湘A12345", "--class", "truck")).Err, Does.Contain("truck"));
        Assert.That((await FailsAsync(2, "plates")).Err, Does.Contain("plates"));
        Assert.That((await FailsAsync(2, "plate", "match", "湘A12345", "--budget", "3")).Err, Does.Contain("--budget 3"));
    }

    [Test]
    public async Task A_broken_config_exits_2_naming_the_key_and_creates_no_database()
    {
        File.WriteAllText(Folder.Config, File.ReadAllText(Folder.Config).Replace("\"residentReserved\": 180", "\"residentReserved\": 999", StringComparison.Ordinal));
        var run = await FailsAsync(2, "household", "list");
        Assert.That(run.Err, Does.Contain("estate.spaces.residentReserved 999"));
        Assert.That(File.Exists(Folder.Database), Is.False);
    }

    [Test]
    public async Task A_database_that_is_not_ours_exits_2_and_is_left_alone()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Folder.Database)!);
        File.WriteAllText(Folder.Database, "this is a spreadsheet, not a database");
        var run = await FailsAsync(2, "household", "list");
        Assert.That(run.Err, Does.Contain("not a SQLite database"));
        Assert.That(File.ReadAllText(Folder.Database), Is.EqualTo("this is a spreadsheet, not a database"));
    }

    [Test]
    public async Task Blocklist_round_trip_through_the_cli()
    {
        await OkAsync("blocklist", "add", "--plate", "湘A88888", "--reason", "堵塞消防通道");
        Assert.That((await FailsAsync(1, "blocklist", "add", "--plate", "湘A88888", "--reason", "again")).Err, Does.Contain("already on the blocklist"));
        Assert.That((await OkAsync("blocklist", "list")).Out, Does.Contain("湘A88888").And.Contain("堵塞消防通道"));
        await OkAsync("blocklist", "remove", "--plate", "湘A88888", "--reason", "moved the car");
        Assert.That((await OkAsync("blocklist", "list", "--json")).Out.Trim(), Is.EqualTo("[]"));
        var audit = await OkAsync("audit", "list", "--entity", "blocklist", "--json");
        Assert.That(JsonDocument.Parse(audit.Out).RootElement.GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task Import_of_a_gbk_file_registers_everything()
    {
        var csv = "房号,联系人,电话,车牌\n1-1-101,张建国,13807310001,湘A12345\n1-1-102,李秀英,13807310002,湘AD10234;湘B2Z318\n";
        var file = Folder.Write("households.csv", ParkingGate.Domain.TextFileEncoding.Gbk.GetBytes(csv));

        var run = await OkAsync("import", "households", file);

        Assert.That(run.Out, Does.Contain("imported 2 household(s) and 3 vehicle(s)").And.Contain("GBK"));
        Assert.That((await OkAsync("household", "list", "--search", "李秀英")).Out, Does.Contain("1-1-102"));
    }

    [Test]
    public async Task Import_with_one_bad_row_writes_nothing_and_names_the_line()
    {
        await OkAsync("household", "add", "--room", "5-1-101", "--name", "周红", "--phone", "18607310009");
        var before = await StateAsync();
        var file = Folder.Write("households.csv", "room,name,phone,plates\n1-1-101,张,13807310001,湘A12345\n1-1-102,李,13807310002,湘A12345\n");

        var run = await FailsAsync(1, "import", "households", file);

        Assert.That(run.Err, Does.Contain("line 3: plate 湘A12345 is already registered to room 1-1-101"));
        Assert.That(run.Err, Does.Contain("nothing was imported"));
        Assert.That(await StateAsync(), Is.EqualTo(before));
    }

    [Test]
    public async Task Import_of_a_missing_file_exits_2() =>
        Assert.That((await FailsAsync(2, "import", "households", Path.Combine(Folder.Root, "nope.csv"))).Err, Does.Contain("nope.csv"));

    [Test]
    public async Task Db_migrate_is_repeatable()
    {
        Assert.That((await OkAsync("db", "migrate")).Out, Does.Contain("schema version 16"));
        Assert.That((await OkAsync("db", "migrate")).Out, Does.Contain("schema version 16"));
    }

    [Test]
    public async Task A_households_spaces_are_set_from_the_command_line_and_a_bad_number_is_refused()
    {
        await OkAsync("household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001");
        var set = await OkAsync("household", "spaces", "--room", "3-2-501", "--spaces", "2");
        Assert.That(set.Out, Does.Contain("household 3-2-501 has 2 space(s) now (was 1)"));
        var tooMany = await FailsAsync(ExitCodes.Failed, "household", "spaces", "--room", "3-2-501", "--spaces", "11");
        Assert.That(tooMany.Err, Does.Contain("a household has 0–10 spaces, not 11"));
        var nobody = await FailsAsync(ExitCodes.Failed, "household", "spaces", "--room", "1-1-909", "--spaces", "1");
        Assert.That(nobody.Err, Does.Contain("room 1-1-909 has no registered household"));
        Assert.That((await OkAsync("audit", "list", "--json", "--limit", "1000")).Out, Does.Contain("household.spaces"));
    }
}
