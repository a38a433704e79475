using ParkingGate.Storage.Audit;
using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Storage.Tests;

public sealed class RegistryTests
{
    private static readonly RoomNumber Room = new(3, 2, "501");
    private TempDatabase _temp = null!;
    private SqliteDatabase _database = null!;
    private RegistryStores _store = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDatabase();
        _database = await _temp.OpenAsync();
        _store = new RegistryStores(_database, _temp.Time, new ParkingGate.Storage.Ledger.LedgerStore(_database, _temp.Time, "fenglin-anzhi"));
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private static HouseholdDraft Draft(RoomNumber room, int quota = 2) => new(room, "张建国", "13807310001", quota);

    private async Task<Household> AddHouseholdAsync(RoomNumber? room = null, int quota = 2)
    {
        var added = await _store.Households.AddHouseholdAsync(Draft(room ?? Room, quota), "clerk-li");
        Assert.That(added.IsSuccess, Is.True, () => added.Problem!.Message);
        return added.Value!;
    }

    [Test]
    public async Task Household_is_stored_with_who_and_when_and_audited()
    {
        var household = await AddHouseholdAsync();

        Assert.That(household.Room, Is.EqualTo("3-2-501"));
        Assert.That(household.CreatedUtc, Is.EqualTo(_temp.Time.GetUtcNow()));
        var listed = await _store.Households.ListHouseholdsAsync();
        Assert.That(listed, Is.EqualTo(new[] { household }));
        var audit = (await new AuditLog(_database, _temp.Time).ListAsync()).Single();
        Assert.That((audit.Actor, audit.Action, audit.Entity, audit.EntityId), Is.EqualTo(("clerk-li", "household.add", "household", (long?)household.Id)));
        Assert.That(audit.AfterJson, Does.Contain("张建国").And.Contain("3-2-501"));
        Assert.That(audit.BeforeJson, Is.Null);
    }

    [Test]
    public async Task A_room_that_is_already_registered_is_refused_and_nothing_changes()
    {
        await AddHouseholdAsync();
        var before = _temp.Dump();

        var again = await _store.Households.AddHouseholdAsync(Draft(Room), "clerk-li");

        Assert.That(again.Problem!.Kind, Is.EqualTo("room-taken"));
        Assert.That(again.Problem.Message, Does.Contain("3-2-501"));
        Assert.That(_temp.Dump(), Is.EqualTo(before));
    }

    [Test]
    public async Task Vehicle_is_registered_to_the_room_and_audited()
    {
        var household = await AddHouseholdAsync();

        var added = await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘AD12345"), VehicleClass.NewEnergy, "clerk-li");

        Assert.That(added.IsSuccess, Is.True);
        Assert.That(added.Value!.HouseholdId, Is.EqualTo(household.Id));
        Assert.That((await _store.Vehicles.FindVehicleAsync("湘AD12345"))!.Class, Is.EqualTo(VehicleClass.NewEnergy));
        Assert.That((await _store.Households.ListHouseholdsAsync())[0].VehicleCount, Is.EqualTo(1));
        Assert.That((await new AuditLog(_database, _temp.Time).ListAsync(entity: "vehicle")).Single().Action, Is.EqualTo("vehicle.add"));
    }

    [Test]
    public async Task Vehicle_for_an_unknown_room_is_refused_and_nothing_changes()
    {
        var before = _temp.Dump();
        var added = await _store.Vehicles.AddVehicleAsync(new RoomNumber(4, 1, "101"), Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li");
        Assert.That(added.Problem!.Kind, Is.EqualTo("unknown-room"));
        Assert.That(added.Problem.Message, Does.Contain("4-1-101"));
        Assert.That(_temp.Dump(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_plate_registered_to_any_household_is_refused_as_a_duplicate()
    {
        await AddHouseholdAsync();
        await AddHouseholdAsync(new RoomNumber(1, 1, "101"));
        await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li");
        var before = _temp.Dump();

        var duplicate = await _store.Vehicles.AddVehicleAsync(new RoomNumber(1, 1, "101"), Plate.Parse("湘a·12345"), VehicleClass.Small, "clerk-li");

        Assert.That(duplicate.Problem!.Kind, Is.EqualTo("duplicate-plate"));
        Assert.That(duplicate.Problem.Message, Does.Contain("湘A12345").And.Contain("3-2-501"));
        Assert.That(_temp.Dump(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_household_at_its_quota_cannot_add_another_vehicle()
    {
        await AddHouseholdAsync(quota: 1);
        await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li");
        var before = _temp.Dump();

        var over = await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A22222"), VehicleClass.Small, "clerk-li");

        Assert.That(over.Problem!.Kind, Is.EqualTo("over-quota"));
        Assert.That(over.Problem.Message, Does.Contain("1 of its 1"));
        Assert.That(_temp.Dump(), Is.EqualTo(before));
    }

    [Test]
    public async Task Removing_a_vehicle_keeps_its_history_and_frees_the_plate_and_the_quota()
    {
        await AddHouseholdAsync(quota: 1);
        await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li");
        _temp.Time.Advance(TimeSpan.FromDays(30));

        var removed = await _store.Vehicles.RemoveVehicleAsync(Plate.Parse("湘A12345"), "sold the car", "clerk-wang");

        Assert.That(removed.IsSuccess, Is.True);
        Assert.That(await _store.Vehicles.FindVehicleAsync("湘A12345"), Is.Null);
        Assert.That((await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li")).IsSuccess, Is.True);
        await using var connection = await _database.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Plate, string? RemovedUtc, string? RemovedBy, string? Reason)>(
            "SELECT plate, removed_utc, removed_by, removed_reason FROM vehicles ORDER BY id")).ToList();
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0], Is.EqualTo(("湘A12345", (string?)"2026-04-01T01:30:00.000Z", (string?)"clerk-wang", (string?)"sold the car")));
        Assert.That(rows[1].RemovedUtc, Is.Null);
        var audit = (await new AuditLog(_database, _temp.Time).ListAsync(entity: "vehicle")).Select(a => a.Action);
        Assert.That(audit, Is.EqualTo(new[] { "vehicle.add", "vehicle.remove", "vehicle.add" }));
    }

    [Test]
    public async Task Removing_a_plate_that_is_not_registered_is_refused()
    {
        var removed = await _store.Vehicles.RemoveVehicleAsync(Plate.Parse("湘A12345"), null, "clerk-li");
        Assert.That(removed.Problem!.Kind, Is.EqualTo("not-registered"));
    }

    [Test]
    public async Task Blocklist_add_remove_keeps_history_and_needs_reasons()
    {
        var plate = Plate.Parse("湘A88888");
        Assert.That((await _store.Blocklist.AddToBlocklistAsync(plate, " ", "clerk-li")).Problem!.Kind, Is.EqualTo("missing-reason"));

        var added = await _store.Blocklist.AddToBlocklistAsync(plate, "blocks the fire lane", "clerk-li");
        Assert.That(added.IsSuccess, Is.True);
        Assert.That((await _store.Blocklist.AddToBlocklistAsync(plate, "again", "clerk-li")).Problem!.Kind, Is.EqualTo("already-blocked"));
        Assert.That((await _store.Blocklist.FindBlocklistEntryAsync("湘A88888"))!.Reason, Is.EqualTo("blocks the fire lane"));

        var removed = await _store.Blocklist.RemoveFromBlocklistAsync(plate, "apologised and moved the car", "clerk-wang");
        Assert.That(removed.IsSuccess, Is.True);
        Assert.That(await _store.Blocklist.ListBlocklistAsync(), Is.Empty);
        Assert.That((await _store.Blocklist.RemoveFromBlocklistAsync(plate, "again", "clerk-wang")).Problem!.Kind, Is.EqualTo("not-blocked"));
        var audit = await new AuditLog(_database, _temp.Time).ListAsync(entity: "blocklist");
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "blocklist.remove", "blocklist.add" }));
        Assert.That(audit[0].AfterJson, Does.Contain("apologised"));
    }

    [Test]
    public async Task Pass_covers_from_start_until_end_plus_grace_days()
    {
        var start = new DateTimeOffset(2026, 2, 28, 16, 0, 0, TimeSpan.Zero); // 1 March 00:00 in Changsha
        var end = start.AddMonths(1);
        var added = await _store.Passes.AddPassAsync(Plate.Parse("湘B2Z318"), null, start, end, graceDays: 3, amountFen: 15000, "cashier-zhou");
        Assert.That(added.IsSuccess, Is.True);

        Assert.That(await _store.Passes.PassesCoveringAsync("湘B2Z318", start.AddTicks(-1)), Is.Empty);
        Assert.That(await _store.Passes.PassesCoveringAsync("湘B2Z318", start), Has.Count.EqualTo(1));
        Assert.That(await _store.Passes.PassesCoveringAsync("湘B2Z318", end.AddDays(3).AddTicks(-10)), Has.Count.EqualTo(1));
        Assert.That(await _store.Passes.PassesCoveringAsync("湘B2Z318", end.AddDays(3)), Is.Empty);
    }

    [Test]
    public async Task Pass_that_ends_before_it_starts_is_refused()
    {
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var added = await _store.Passes.AddPassAsync(Plate.Parse("湘B2Z318"), null, start, start, 0, 15000, "cashier-zhou");
        Assert.That(added.Problem!.Kind, Is.EqualTo("invalid-period"));
    }

    [Test]
    public async Task Registered_plates_are_residents_and_current_pass_holders()
    {
        await AddHouseholdAsync();
        await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li");
        var now = _temp.Time.GetUtcNow();
        await _store.Passes.AddPassAsync(Plate.Parse("湘B2Z318"), null, now.AddDays(-1), now.AddDays(10), 0, 15000, "cashier-zhou");
        await _store.Passes.AddPassAsync(Plate.Parse("湘C11111"), null, now.AddDays(-40), now.AddDays(-10), 0, 15000, "cashier-zhou");
        await _store.Passes.AddPassAsync(Plate.Parse("湘A12345"), null, now.AddDays(-1), now.AddDays(10), 0, 15000, "cashier-zhou");

        var plates = await _store.Vehicles.RegisteredPlatesAsync(now);

        Assert.That(plates, Is.EqualTo(new[]
        {
            new RegisteredPlate("湘A12345", "3-2-501", null),
            new RegisteredPlate("湘B2Z318", null, now.AddDays(10)) { PassEndsUtc = now.AddDays(10) },
        }));
    }

    [Test]
    public async Task Households_are_listed_in_room_order_and_found_by_any_field()
    {
        foreach (var room in new[] { "3-2-1201", "1-1-101", "3-2-501", "10-1-101" })
        {
            Assert.That(RoomNumber.TryParse(room, out var parsed, out _), Is.True);
            await AddHouseholdAsync(parsed);
        }

        await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li");
        Assert.That((await _store.Households.ListHouseholdsAsync()).Select(h => h.Room), Is.EqualTo(new[] { "1-1-101", "3-2-501", "3-2-1201", "10-1-101" }));
        Assert.That((await _store.Households.ListHouseholdsAsync("A123")).Single().Room, Is.EqualTo("3-2-501"));
        Assert.That(await _store.Households.ListHouseholdsAsync("' OR 1=1 --"), Is.Empty);
    }

    [Test]
    public async Task Import_writes_everything_when_every_row_is_good()
    {
        var rows = new[]
        {
            new HouseholdImportRow(2, Draft(new RoomNumber(1, 1, "101")), [(Plate.Parse("湘A12345"), VehicleClass.Small)]),
            new HouseholdImportRow(3, Draft(new RoomNumber(1, 1, "102")), [(Plate.Parse("湘AD12345"), VehicleClass.NewEnergy), (Plate.Parse("湘A22222"), VehicleClass.Small)]),
        };

        var outcome = await _store.Households.ImportHouseholdsAsync(rows, "clerk-li");

        Assert.That(outcome, Is.EqualTo(new ImportOutcome(2, 3, [])).Using<ImportOutcome>((a, b) => a.Households == b.Households && a.Vehicles == b.Vehicles && a.Succeeded == b.Succeeded));
        Assert.That(await _store.Vehicles.ListVehiclesAsync(), Has.Count.EqualTo(3));
        Assert.That((await new AuditLog(_database, _temp.Time).ListAsync()).Count(a => a.Action == "household.import"), Is.EqualTo(2));
    }

    [TestCase("duplicate plate within the file")]
    [TestCase("room already registered")]
    [TestCase("over quota")]
    public async Task Import_with_one_bad_row_writes_nothing_and_names_the_line(string scenario)
    {
        await AddHouseholdAsync(new RoomNumber(5, 1, "101"));
        var before = _temp.Dump();
        var bad = scenario switch
        {
            "duplicate plate within the file" => new HouseholdImportRow(4, Draft(new RoomNumber(1, 1, "103")), [(Plate.Parse("湘A12345"), VehicleClass.Small)]),
            "room already registered" => new HouseholdImportRow(4, Draft(new RoomNumber(5, 1, "101")), []),
            _ => new HouseholdImportRow(4, Draft(new RoomNumber(1, 1, "103"), quota: 1), [(Plate.Parse("湘A33333"), VehicleClass.Small), (Plate.Parse("湘A44444"), VehicleClass.Small)]),
        };
        var rows = new[]
        {
            new HouseholdImportRow(2, Draft(new RoomNumber(1, 1, "101")), [(Plate.Parse("湘A12345"), VehicleClass.Small)]),
            new HouseholdImportRow(3, Draft(new RoomNumber(1, 1, "102")), []),
            bad,
        };

        var outcome = await _store.Households.ImportHouseholdsAsync(rows, "clerk-li");

        Assert.That(outcome.Succeeded, Is.False);
        Assert.That(outcome.Errors.Single(), Does.StartWith("line 4: "));
        Assert.That((outcome.Households, outcome.Vehicles), Is.EqualTo((0, 0)));
        Assert.That(_temp.Dump(), Is.EqualTo(before));
    }

    [TestCase("DELETE FROM households")]
    [TestCase("DELETE FROM vehicles")]
    [TestCase("DELETE FROM blocklist")]
    [TestCase("DELETE FROM passes")]
    [TestCase("DELETE FROM audit_log")]
    [TestCase("UPDATE audit_log SET actor = 'someone else'")]
    public async Task History_cannot_be_deleted_nor_the_audit_log_edited(string sql)
    {
        await AddHouseholdAsync();
        await _store.Vehicles.AddVehicleAsync(Room, Plate.Parse("湘A12345"), VehicleClass.Small, "clerk-li");
        await _store.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A88888"), "fire lane", "clerk-li");
        var now = _temp.Time.GetUtcNow();
        await _store.Passes.AddPassAsync(Plate.Parse("湘B2Z318"), null, now, now.AddDays(30), 0, 15000, "cashier-zhou");
        var before = _temp.Dump();

        await using var connection = await _database.OpenConnectionAsync();
        var e = Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(sql));

        Assert.That(e!.Message, Does.Contain("never deleted").Or.Contain("append-only"));
        Assert.That(_temp.Dump(), Is.EqualTo(before));
    }
}
