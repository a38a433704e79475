using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ParkingGate.Desk;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Cli;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests.Desk;

/// <summary>
/// <c>parkinggate run</c> in-process (gate, embedded broker, desk) with simulated Vzenith cameras on both lanes, and
/// Debian's chromium driven by Playwright. One service for the fixture; each test gets a fresh browser context.
/// </summary>
public abstract class DeskFixture
{
    protected const string DevicePasswordText = "camera-secret";
    protected const string Password = "desk-password-1";

    private TestFolder _folder = null!;
    private WebApplication _app = null!;
    private IPlaywright _playwright = null!;

    protected IBrowser Browser { get; private set; } = null!;

    protected string Url { get; private set; } = "";

    protected SqliteDatabase Database { get; private set; } = null!;

    protected GateRuntime Gate { get; private set; } = null!;

    protected Domain.Tariffs.TariffBook Tariffs { get; private set; } = null!;

    protected SimulatedVzenithCamera CameraIn { get; private set; } = null!;

    protected SimulatedVzenithCamera CameraOut { get; private set; } = null!;

    protected static string Screenshots => Path.Combine(TestContext.CurrentContext.WorkDirectory, "desk-screenshots");

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _folder = new TestFolder();
        _folder.UseEmbeddedBroker(DevicePasswordText, "in-1", "out-1");
        var config = ConfigLoader.Load(_folder.Config);
        Tariffs = config.Tariffs;
        Database = await SqliteDatabase.OpenAsync(_folder.Database, TimeProvider.System);
        var users = new UserStore(Database, TimeProvider.System);
        foreach (var (name, role) in new[] { ("wang", "admin"), ("li", "clerk"), ("zhou", "cashier"), ("sun", "cashier"), ("chen", "accountant"), ("zhao", "committee"), ("zhao2", "committee"), ("qian", "clerk"), ("liu", "patroller"), ("he", "committee") })
        {
            Assert.That((await users.AddAsync(name, role, Passwords.Hash(Password), "setup")).IsSuccess, Is.True);
        }

        Url = $"http://127.0.0.1:{FreePort()}";
        _app = RunCommand.BuildApp(config, Database, TimeProvider.System, Url);
        await _app.StartAsync();
        Gate = _app.Services.GetRequiredService<GateService>().Runtime!;
        CameraIn = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", Gate.BrokerPort, "cam-in-1", DevicePasswordText, "sn-in-1", "in-1", TimeProvider.System);
        CameraOut = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", Gate.BrokerPort, "cam-out-1", DevicePasswordText, "sn-out-1", "out-1", TimeProvider.System);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        Directory.CreateDirectory(Screenshots);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await CameraIn.DisposeAsync();
        await CameraOut.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    /// <summary>A fresh browser context (no cookies) at 1366×768, the booth PC's screen.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Url, ViewportSize = new() { Width = 1366, Height = 768 }, Locale = "zh-CN" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form, with the keyboard.</summary>
    protected static async Task SignInAsync(IPage page, string name, string password = Password)
    {
        await page.GotoAsync("/login");
        await page.Locator("#name").FocusAsync();
        await page.Keyboard.TypeAsync(name);
        await page.Keyboard.PressAsync("Tab"); // the keyboard alone: Tab to the password, Enter to sign in
        await page.Keyboard.TypeAsync(password);
        var response = await page.RunAndWaitForResponseAsync(() => page.Keyboard.PressAsync("Enter"), r => r.Request.Method == "POST" && r.Url.Contains("/login", StringComparison.Ordinal));
        if (response.Status == 302)
        {
            await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal)); // signed in: wait for the start page
        }
        else
        {
            await page.Locator(".problem").WaitForAsync(); // refused: the form comes back with the reason
        }

        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>Saves a screenshot under the test's work folder and attaches it to the results.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }

    protected static async Task WaitAsync(Func<bool> condition, string what)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }
    }

    private static int FreePort() => ParkingGate.Simulator.LoopbackPorts.Free();
}
