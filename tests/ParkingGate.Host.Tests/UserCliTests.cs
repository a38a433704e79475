using ParkingGate.Desk;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Storage;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests;

/// <summary>Secrets come from standard input, never the command line: desk users and device passwords.</summary>
[NonParallelizable]
public sealed class UserCliTests : FolderFixture
{
    private async Task<CliRun> WithStdinAsync(string input, params string[] args)
    {
        var saved = Console.In;
        Console.SetIn(new StringReader(input));
        try
        {
            return await new CliRunner(Folder).RunAsync(args);
        }
        finally
        {
            Console.SetIn(saved);
        }
    }

    [Test]
    public async Task The_first_admin_is_added_with_a_password_from_standard_input_and_it_signs_in()
    {
        var run = await WithStdinAsync("a-long-admin-password\n", "user", "add", "--role", "admin", "--name", "wang", "--password-stdin");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("user wang added with role admin"));

        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var user = await new UserStore(database, TimeProvider.System).FindAsync("WANG");
        Assert.That(user, Is.Not.Null);
        Assert.That(user!.PasswordHash, Does.Not.Contain("a-long-admin-password"));
        Assert.That((Passwords.Verify(user.PasswordHash, "a-long-admin-password"), Passwords.Verify(user.PasswordHash, "a-long-admin-passworD")), Is.EqualTo((true, false)));

        var again = await WithStdinAsync("another-password-1\n", "user", "add", "--role", "clerk", "--name", "Wang", "--password-stdin");
        Assert.That(again.ExitCode, Is.Not.Zero);
        Assert.That(again.Err, Does.Contain("user 'Wang' exists already"));
        Assert.That((await WithStdinAsync("", "user", "list")).Out, Does.Contain("wang").And.Contain("admin").And.Contain("active"));
    }

    [TestCase("short\n", "at least 10 characters")]
    [TestCase("", "at least 10 characters")]
    public async Task A_short_or_missing_password_adds_nobody(string input, string message)
    {
        var run = await WithStdinAsync(input, "user", "add", "--role", "cashier", "--name", "zhou", "--password-stdin");
        Assert.That(run.ExitCode, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(run.Err, Does.Contain(message));
        Assert.That((await WithStdinAsync("", "user", "list")).Out, Does.Not.Contain("zhou"));
    }

    [Test]
    public async Task An_unknown_role_is_refused_by_name()
    {
        var run = await WithStdinAsync("a-long-password\n", "user", "add", "--role", "boss", "--name", "zhou", "--password-stdin");
        Assert.That(run.ExitCode, Is.Not.Zero);
        Assert.That(run.Err, Does.Contain("boss"));
    }

    [Test]
    public async Task A_device_password_hash_comes_from_standard_input_and_verifies()
    {
        var run = await WithStdinAsync("camera-password-1\n", "device", "hash-password", "--password-stdin");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var hash = run.Out.Trim();
        Assert.That(hash, Does.Not.Contain("camera-password-1"));
        Assert.That((DevicePassword.Verify("camera-password-1", hash), DevicePassword.Verify("camera-password-2", hash)), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task A_push_url_secret_is_new_each_time_and_one_the_config_takes()
    {
        var first = await WithStdinAsync("", "device", "new-secret");
        var second = await WithStdinAsync("", "device", "new-secret");
        Assert.That(first.ExitCode, Is.Zero, first.ToString);
        var secret = first.Out.Split('\n')[0].Trim();
        Assert.That(secret, Does.Match("^[A-Za-z0-9_-]{32}$"));
        Assert.That(second.Out.Split('\n')[0].Trim(), Is.Not.EqualTo(secret));
        Assert.That(first.Out, Does.Contain($"/push/{secret}"));
    }
}
