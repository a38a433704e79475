using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Storage.Migrations;

namespace ParkingGate.Storage.Tests;

public sealed class MigratorTests
{
    [Test]
    public async Task A_new_file_gets_the_latest_schema_and_our_mark()
    {
        using var temp = new TempDatabase();
        var database = await temp.OpenAsync();

        Assert.That(database.SchemaVersion, Is.EqualTo(Migrator.LatestVersion));
        await using var connection = await database.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("PRAGMA application_id;"), Is.EqualTo(Migrator.ApplicationId));
        Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;"), Is.EqualTo("wal"));
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToList();
        Assert.That(tables, Is.SupersetOf(new[] { "households", "vehicles", "passes", "blocklist", "audit_log", "schema_migrations" }));
    }

    [Test]
    public async Task Opening_again_applies_nothing_and_changes_nothing()
    {
        using var temp = new TempDatabase();
        await temp.OpenAsync();
        var before = temp.Dump();
        temp.Time.Advance(TimeSpan.FromHours(1));

        var again = await temp.OpenAsync();

        Assert.That(again.SchemaVersion, Is.EqualTo(Migrator.LatestVersion));
        Assert.That(temp.Dump(), Is.EqualTo(before));
        await using var connection = await again.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"), Is.EqualTo(Migrator.All.Count));
    }

    [Test]
    public async Task A_newer_schema_is_refused_with_both_versions_named()
    {
        using var temp = new TempDatabase();
        var database = await temp.OpenAsync();
        await using (var connection = await database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"PRAGMA user_version = {Migrator.LatestVersion + 4};");
        }

        var before = temp.Dump();
        var e = Assert.ThrowsAsync<StorageException>(temp.OpenAsync);
        Assert.That(e!.Message, Does.Contain($"schema version {Migrator.LatestVersion + 4}").And.Contain($"supports ({Migrator.LatestVersion})"));
        Assert.That(temp.Dump(), Is.EqualTo(before));
    }

    [Test]
    public void A_file_that_is_not_sqlite_is_refused_and_left_as_it_was()
    {
        using var temp = new TempDatabase();
        File.WriteAllText(temp.Path, "room,name,phone\n3-2-501,张,13807310001\n");
        var bytes = File.ReadAllBytes(temp.Path);

        var e = Assert.ThrowsAsync<StorageException>(temp.OpenAsync);

        Assert.That(e!.Message, Does.Contain("is not a SQLite database").And.Contain(temp.Path));
        Assert.That(File.ReadAllBytes(temp.Path), Is.EqualTo(bytes));
    }

    [Test]
    public void Another_programs_database_is_refused_and_left_as_it_was()
    {
        using var temp = new TempDatabase();
        using (var connection = new SqliteConnection($"Data Source={temp.Path};Pooling=False"))
        {
            connection.Open();
            connection.Execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);");
        }

        var before = temp.Dump();
        var e = Assert.ThrowsAsync<StorageException>(temp.OpenAsync);
        Assert.That(e!.Message, Does.Contain("not ParkingGate's"));
        Assert.That(temp.Dump(), Is.EqualTo(before));
    }

    [Test]
    public void A_database_marked_by_another_application_is_refused()
    {
        using var temp = new TempDatabase();
        using (var connection = new SqliteConnection($"Data Source={temp.Path};Pooling=False"))
        {
            connection.Open();
            connection.Execute("PRAGMA application_id = 1234;");
        }

        var e = Assert.ThrowsAsync<StorageException>(temp.OpenAsync);
        Assert.That(e!.Message, Does.Contain("another program").And.Contain("0x000004D2"));
    }

    [Test]
    public async Task Two_processes_opening_a_new_file_at_once_migrate_it_once()
    {
        using var temp = new TempDatabase();
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(temp.OpenAsync)));
        Assert.That(opened.Select(d => d.SchemaVersion), Is.All.EqualTo(Migrator.LatestVersion));
        await using var connection = await opened[0].OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"), Is.EqualTo(Migrator.All.Count));
    }
}
