namespace ParkingGate.Host.Tests;

/// <summary>The README's first command, on a short scenario at high speed: the gate, the broker and the simulator together.</summary>
public sealed class DemoTests : FolderFixture
{
    [Test]
    public async Task The_demo_plays_a_scenario_through_the_gate_and_the_ledger_verifies()
    {
        var scenario = Folder.Write("short.txt", """
            # a short morning
            07:00 in-1  湘A12345   # resident
            07:01 in-1  粤B12345   # visitor
            07:02 in-1  湘A88888   # blocked
            07:03 in-1  湘A55001   # ambiguous
            07:45 out-1 粤B12345   # visitor leaves after 44 minutes
            """);
        var cli = new CliRunner(Folder);
        var run = await cli.RunAsync("demo", "--speed", "120", "--scenario", scenario, "--households", Path.Combine(Folder.Root, "config", "demo", "households.csv"));

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("264 households"));
        Assert.That(run.Out, Does.Match(@"in-1\s+湘A12345\s+开闸 opened\s+住户车辆 1-1-101"));
        Assert.That(run.Out, Does.Match(@"in-1\s+粤B12345\s+开闸 opened\s+访客入场"));
        Assert.That(run.Out, Does.Match(@"in-1\s+湘A88888\s+拒绝 refused"));
        Assert.That(run.Out, Does.Match(@"in-1\s+湘A55001\s+待处理 held"));
        Assert.That(run.Out, Does.Match(@"out-1\s+粤B12345\s+待缴费 awaiting payment\s+应缴 2.00元"));
        Assert.That(run.Out, Does.Contain("收现金 cash 2.00 元"));
        Assert.That(run.Out, Does.Match(@"out-1\s+粤B12345\s+开闸 opened\s+已缴费"));
        Assert.That(run.Out, Does.Contain("ledger: verified"));
    }

    [Test]
    public async Task The_demo_runs_with_serial_devices_on_pseudo_terminals()
    {
        var scenario = Folder.Write("short.txt", """
            07:00 in-1  湘A12345   # resident, read by the serial plate unit, opened through Modbus slave 1
            07:01 in-1  粤B12345   # visitor
            07:45 out-1 粤B12345   # leaves by the MQTT camera; the fee shows on the serial board; slave 2 opens after cash
            """);
        var cli = new CliRunner(Folder);
        var run = await cli.RunAsync("demo", "--serial", "--speed", "120", "--scenario", scenario, "--households", Path.Combine(Folder.Root, "config", "demo", "households.csv"));

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("ttyBus (Modbus slaves 1 and 2)"));
        Assert.That(run.Out, Does.Match(@"in-1\s+湘A12345\s+开闸 opened\s+住户车辆"));
        Assert.That(run.Out, Does.Match(@"in-1\s+屏显/播报 湘A12345 欢迎回家"));
        Assert.That(run.Out, Does.Match(@"out-1\s+屏显/播报 粤B12345 请缴费2.00元"));
        Assert.That(run.Out, Does.Match(@"out-1\s+粤B12345\s+开闸 opened\s+已缴费"));
        Assert.That(run.Out, Does.Contain("serial: Modbus flashes slave 1 2, slave 2 1"));
        Assert.That(run.Out, Does.Contain("ledger: verified"));
    }

    [Test]
    public async Task The_mixed_demo_plays_one_lane_per_camera_kind_to_the_end()
    {
        var cli = new CliRunner(Folder);
        var run = await cli.RunAsync("demo", "--mixed", "--speed", "120", "--scenario", Path.Combine(Folder.Root, "config", "demo", "mixed.txt"),
            "--households", Path.Combine(Folder.Root, "config", "demo", "households.csv"));

        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("in-1 vzenith, out-1 vzenith-http, in-2 hikvision, out-2 dahua"));
        Assert.That(run.Out, Does.Match(@"in-1\s+湘A12345\s+开闸 opened\s+住户车辆"), "MQTT");
        Assert.That(run.Out, Does.Match(@"out-1\s+湘AD10234\s+开闸 opened\s+住户车辆"), "Vzenith HTTP: the reply opened");
        Assert.That(run.Out, Does.Match(@"in-2\s+粤B12345\s+开闸 opened\s+访客入场"), "Hikvision: ISAPI confirmed");
        Assert.That(run.Out, Does.Match(@"out-2\s+湘A12345\s+开闸 opened\s+住户车辆"), "Dahua: openStrobe confirmed");
        Assert.That(run.Out, Does.Match(@"out-1\s+粤B12345\s+开闸 opened\s+已缴费"), "the booth's opening rode on the camera's heartbeat");
        Assert.That(run.Out, Does.Contain("quiet minutes skipped"));
        Assert.That(run.Out, Does.Not.Contain("未确认 uncertain"));
        Assert.That(run.Out, Does.Contain("ledger: verified"));
    }
}
