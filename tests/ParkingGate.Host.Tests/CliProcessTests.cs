using ParkingGate.Host.Cli;

namespace ParkingGate.Host.Tests;

/// <summary>The real executable, as a clerk runs it: exit codes, UTF-8 output, the default config path.</summary>
public sealed class CliProcessTests : FolderFixture
{
    [Test]
    public async Task Normalize_prints_utf8_and_exits_0()
    {
        var run = await CliRunner.RunProcessAsync(Folder.Root, "plate", "normalize", " 湘a·1234５ ");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out.Trim(), Is.EqualTo("湘A12345"));
    }

    [Test]
    public async Task Invalid_plate_exits_1_with_the_reason_on_stderr()
    {
        var run = await CliRunner.RunProcessAsync(Folder.Root, "plate", "normalize", "湘A12");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failed), run.ToString);
        Assert.That(run.Err, Does.Contain("invalid plate").And.Contain("湘A12"));
    }

    [Test]
    public async Task Unknown_verb_exits_2()
    {
        var run = await CliRunner.RunProcessAsync(Folder.Root, "plates");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageOrConfig), run.ToString);
    }

    [Test]
    public async Task The_default_config_and_database_paths_are_used_from_the_working_directory()
    {
        var add = await CliRunner.RunProcessAsync(Folder.Root, "household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001");
        Assert.That(add.ExitCode, Is.Zero, add.ToString);
        Assert.That(File.Exists(Path.Combine(Folder.Root, "data", "parkinggate.db")), Is.True);
        var list = await CliRunner.RunProcessAsync(Folder.Root, "household", "list");
        Assert.That(list.Out, Does.Contain("张建国"));
    }

    [Test]
    public async Task A_missing_config_exits_2_naming_the_file()
    {
        File.Delete(Folder.Config);
        var run = await CliRunner.RunProcessAsync(Folder.Root, "household", "list");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageOrConfig), run.ToString);
        Assert.That(run.Err, Does.Contain("config/parkinggate.json").And.Contain("not found"));
    }
}
