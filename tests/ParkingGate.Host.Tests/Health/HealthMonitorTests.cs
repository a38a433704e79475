using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using ParkingGate.Domain.Lanes;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service.Health;
using ParkingGate.Storage;
using ParkingGate.Storage.Cameras;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Host.Tests.Health;

/// <summary>Unattended running: the backups on their schedule and each alert, raised and cleared.</summary>
public sealed class HealthMonitorTests : FolderFixture
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero); // 09:00 in the estate
    private FakeTimeProvider _time = null!;
    private SqliteDatabase _database = null!;

    [SetUp]
    public async Task OpenAsync()
    {
        _time = new FakeTimeProvider(Monday);
        _database = await SqliteDatabase.OpenAsync(Folder.Database, _time);
    }

    [TearDown]
    public void Close() => SqliteConnection.ClearAllPools();

    private HealthMonitor Monitor(Action<JsonNode>? health = null, Func<GateRuntime?>? gate = null)
    {
        Folder.EditConfig(json =>
        {
            json["health"] = new JsonObject { ["backupFolder"] = Path.Combine(Folder.Root, "usb"), ["backupKeep"] = 2 };
            health?.Invoke(json["health"]!);
        });
        return new HealthMonitor(ConfigLoader.Load(Folder.Config), _database, gate ?? (() => null), _time, NullLogger.Instance);
    }

    private static IEnumerable<string> Keys(HealthMonitor monitor) => monitor.Current.Select(a => a.Key);

    [Test]
    public async Task The_database_is_backed_up_daily_each_copy_checked_and_the_oldest_rotated_out()
    {
        var monitor = Monitor();
        await monitor.CheckAsync();
        var first = monitor.Backups.Backups().Single();
        Assert.That(Path.GetFileName(first.Path), Is.EqualTo("fenglin-anzhi-20260302-010000.db"));
        await using (var copy = new SqliteConnection($"Data Source={first.Path};Mode=ReadOnly;Pooling=False"))
        {
            copy.Open();
            using var check = copy.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.That(check.ExecuteScalar(), Is.EqualTo("ok"), "a copy that opens and checks");
        }

        Assert.That(Keys(monitor), Has.None.StartsWith("backup"));
        _time.Advance(TimeSpan.FromHours(5));
        await monitor.CheckAsync();
        Assert.That(monitor.Backups.Backups(), Has.Count.EqualTo(1), "not due yet");
        for (var day = 0; day < 2; day++)
        {
            _time.Advance(TimeSpan.FromHours(24));
            await monitor.CheckAsync();
        }

        Assert.That(monitor.Backups.Backups().Select(b => b.At), Is.EqualTo(new[] { Monday.AddHours(53), Monday.AddHours(29) }), "two kept, the oldest deleted");
        Assert.That(Directory.GetFiles(Path.Combine(Folder.Root, "usb"), "*.part"), Is.Empty);
    }

    [Test]
    public async Task A_backup_disk_that_is_gone_is_an_alert_and_so_is_an_overdue_backup()
    {
        File.WriteAllText(Path.Combine(Folder.Root, "not-a-disk"), "a file where the USB stick should be mounted");
        var monitor = Monitor(h => h["backupFolder"] = Path.Combine(Folder.Root, "not-a-disk", "backups"));
        await monitor.CheckAsync();
        var failed = monitor.Current.Single(a => a.Key == "backup-failed");
        Assert.That(failed.Zh, Does.StartWith("数据库备份失败").And.Contain("not-a-disk"));
        Assert.That(Keys(monitor), Does.Contain("backup-overdue"), "no backup at all");
        Assert.That(_database.Path, Does.Exist, "nothing else changed");
    }

    [Test]
    public async Task A_nearly_full_disk_and_a_broker_certificate_about_to_expire_are_alerts()
    {
        WriteCertificate(expiresIn: TimeSpan.FromDays(12));
        var monitor = Monitor(h => h["minFreeMegabytes"] = 9_000_000); // more than any disk here has: "nearly full"
        await monitor.CheckAsync();
        Assert.That(monitor.Current.Where(a => a.Key.StartsWith("disk:", StringComparison.Ordinal)).Select(a => a.Zh), Has.Some.Contains("硬盘空间快满了").And.Some.Contains("数据库"));
        var certificate = monitor.Current.Single(a => a.Key == "broker-certificate");
        Assert.That(certificate.Zh, Does.Contain("天后过期"));
    }

    [Test]
    public async Task A_camera_silent_in_an_hour_its_lane_is_usually_busy_is_an_alert_cleared_by_its_next_read()
    {
        var events = new LaneEventStore(_database);
        for (var day = 1; day <= HealthMonitor.UsualDays; day++)
        {
            for (var k = 0; k < 6; k++)
            {
                await events.AppendAsync(Event("in-1", Monday.AddDays(-day).AddMinutes(5 + (k * 9))));
            }
        }

        await events.AppendAsync(Event("out-1", Monday.AddMinutes(-50))); // out-1 is quiet at this hour: never an alert
        await events.AppendAsync(Event("in-1", Monday.AddMinutes(-10)));
        var monitor = Monitor();
        await monitor.CheckAsync();
        Assert.That(Keys(monitor), Has.None.StartsWith("camera-silent"), "a read 10 minutes ago");

        _time.Advance(TimeSpan.FromMinutes(25));
        await monitor.CheckAsync();
        var silent = monitor.Current.Single(a => a.Key.StartsWith("camera-silent", StringComparison.Ordinal));
        Assert.That(silent.Key, Is.EqualTo("camera-silent:in-1"));
        Assert.That(silent.Zh, Does.Contain("已 35 分钟没有识别记录").And.Contain("每小时约 6 辆"));

        await events.AppendAsync(Event("in-1", _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromMinutes(1));
        await monitor.CheckAsync();
        Assert.That(Keys(monitor), Has.None.StartsWith("camera-silent"));
    }

    [Test]
    public async Task A_failing_camera_list_and_a_lane_held_open_too_long_are_alerts()
    {
        var lists = new CameraListStore(_database, _time);
        await lists.RegisterAsync([("sn-in-1", "vzenith")]);
        await using (var connection = await _database.OpenConnectionAsync())
        {
            await Dapper.SqlMapper.ExecuteAsync(connection,
                "INSERT INTO camera_list_ops (camera, plate, keep, state, attempts, next_utc, last_error, created_utc) VALUES ('sn-in-1', '湘A12345', 1, 'pending', 5, '2026-03-02T01:00:00.0000000Z', 'refused (code 500)', '2026-03-02T00:00:00.0000000Z');");
        }

        var holds = new LaneHoldStore(_database, new LedgerStore(_database, _time, "fenglin-anzhi"));
        await holds.StartAsync("out-1", "婚礼车队", "wang");
        var monitor = Monitor();
        await monitor.CheckAsync();
        Assert.That(monitor.Current.Single(a => a.Key == "camera-list:sn-in-1").Zh, Does.Contain("多次下发失败"));
        await lists.RegisterAsync([("sn-out-1", "vzenith")]);
        await lists.CheckFailedAsync("sn-out-1", "no answer to a read of its list within 2 s");
        await monitor.CheckAsync();
        Assert.That(monitor.Current.Single(a => a.Key == "camera-list:sn-out-1").Zh, Does.Contain("昨夜未能核对"));
        Assert.That(Keys(monitor), Has.None.StartsWith("hold:"), "four hours are allowed");
        _time.Advance(TimeSpan.FromHours(4.5));
        await monitor.CheckAsync();
        Assert.That(monitor.Current.Single(a => a.Key == "hold:out-1").Zh, Does.Contain("已常开 4.5 小时").And.Contain("婚礼车队"));
        await holds.EndAsync("out-1", "结束", "wang");
        await monitor.CheckAsync();
        Assert.That(Keys(monitor), Has.None.StartsWith("hold:"));
    }

    [Test]
    public async Task The_alerts_are_published_retained_on_the_estates_alerts_topic()
    {
        Folder.UseEmbeddedBroker("camera-secret", "in-1", "out-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, _database, TimeProvider.System, NullLogger.Instance);
        var monitor = Monitor(h => h["minFreeMegabytes"] = 9_000_000, () => gate);
        await monitor.CheckAsync();

        // A subscriber arriving afterwards (the village committee's phone app, a monitoring script) gets them at once.
        using var client = new MqttClientFactory().CreateMqttClient();
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gate.BrokerPort)
            .WithCredentials(ParkingGate.Devices.Mqtt.EmbeddedBroker.ServiceUser, gate.ServicePassword).WithClientId("alerts-reader").Build());
        await client.SubscribeAsync("parkinggate/fenglin-anzhi/alerts");
        var json = JsonNode.Parse(await received.Task.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System))!;
        Assert.That(json["estate"]!.GetValue<string>(), Is.EqualTo("fenglin-anzhi"));
        Assert.That(json["alerts"]!.AsArray().Select(a => a!["key"]!.GetValue<string>()), Has.Some.StartsWith("disk:"));
        Assert.That(json["alerts"]![0]!["zh"]!.GetValue<string>(), Does.Contain("快满了"), "Chinese as it is, not escaped");
    }

    [Test]
    public async Task The_desk_shows_the_alerts_on_every_page_in_chinese()
    {
        Folder.UseEmbeddedBroker("camera-secret", "in-1", "out-1");
        Folder.EditConfig(json => json["health"] = new JsonObject { ["minFreeMegabytes"] = 9_000_000 });
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        Assert.That((await new ParkingGate.Storage.Users.UserStore(database, TimeProvider.System).AddAsync("wang", "admin", ParkingGate.Desk.Passwords.Hash("alert-admin"), "setup")).IsSuccess, Is.True);
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        listener.Stop();
        await using var app = Cli.RunCommand.BuildApp(ConfigLoader.Load(Folder.Config), database, TimeProvider.System, url);
        await app.StartAsync();
        try
        {
            var monitor = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<HealthMonitor>(app.Services);
            await monitor.CheckAsync();
            using var desk = new DeskClient(url);
            Assert.That(await desk.SignInAsync("wang", "alert-admin"), Is.True);
            foreach (var path in new[] { "/households", "/lanes", "/booth" })
            {
                var html = await desk.GetAsync(path);
                Assert.That(html, Does.Contain("id=\"alerts\"").And.Contain("快满了"), path);
            }

            // As the cashier sees it at the booth PC (1366×768, Chinese).
            using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync(new() { BaseURL = url, ViewportSize = new() { Width = 1366, Height = 768 }, Locale = "zh-CN" });
            await page.GotoAsync("/login");
            await page.FillAsync("#name", "wang");
            await page.FillAsync("#password", "alert-admin");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
            await page.GotoAsync("/lanes");
            await Microsoft.Playwright.Assertions.Expect(page.Locator("#alerts .alert")).ToContainTextAsync("快满了");
            var shots = Path.Combine(TestContext.CurrentContext.TestDirectory, "desk-screenshots");
            Directory.CreateDirectory(shots);
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "alerts-lanes.png") });

            Assert.That(monitor.Backups.Backups(), Has.Count.EqualTo(1), "the first check made the first backup, beside the database");
            Assert.That(monitor.Backups.Folder, Is.EqualTo(Path.Combine(Path.GetDirectoryName(Folder.Database)!, "backups")));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static LaneEventRecord Event(string lane, DateTimeOffset at) =>
        new(0, at, lane, $"r-{lane}-{at.ToUnixTimeSeconds()}", "湘A12345", "湘A12345", LaneOutcome.Opened, Visitor.Resident, new("住户车辆", "resident"), null, null, null);

    private void WriteCertificate(TimeSpan expiresIn)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=parkinggate-broker", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(_time.GetUtcNow().AddDays(-300), _time.GetUtcNow() + expiresIn);
        var folder = Path.Combine(Folder.Root, "config");
        File.WriteAllText(Path.Combine(folder, "broker.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "broker.key"), key.ExportPkcs8PrivateKeyPem());
        Folder.EditConfig(json =>
        {
            var mqtt = TestFolder.EmbeddedBroker("camera-secret", "in-1");
            mqtt["tls"] = true;
            mqtt["certificate"] = "broker.crt";
            mqtt["certificateKey"] = "broker.key";
            json["mqtt"] = mqtt;
        });
    }
}
