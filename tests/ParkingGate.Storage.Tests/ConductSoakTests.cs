using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Conduct;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Storage.Tests;

/// <summary>
/// A month (April) of violations over a real file (400 reports from 60 households and visitors, some withdrawn, some with the
/// kind or plate corrected, commendations and decisions): the signed-off notice's counts equal what the test itself kept
/// of every report, and its digest line verifies against the register.
/// </summary>
public sealed class ConductSoakTests
{
    [Test]
    public async Task A_month_of_violations_ends_with_the_notices_counts_equal_to_the_register()
    {
        using var temp = new TempDatabase();
        var database = await temp.OpenAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var rules = ConductRulesParser.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "conduct", "fenglin-conduct.json"))).Value!;
        var conduct = new ConductStore(database, temp.Time, "fenglin-anzhi", Path.Combine(temp.Folder, "conduct-photos"));
        var registry = new RegistryStores(database, temp.Time, new LedgerStore(database, temp.Time, "fenglin-anzhi"));
        var residents = new List<(string Plate, string Room)>();
        for (var i = 0; i < 60; i++)
        {
            var room = new RoomNumber(1 + (i % 5), 1 + (i % 2), $"{1 + (i / 10)}0{1 + (i % 4)}");
            var plate = $"湘A{10000 + (i * 137):D5}";
            if ((await registry.Households.AddHouseholdAsync(new HouseholdDraft(room, "住户", "13807310001", 2), "li")).IsSuccess
                && (await registry.Vehicles.AddVehicleAsync(room, Plate.Parse(plate), VehicleClass.Small, "li")).IsSuccess)
            {
                residents.Add((plate, room.ToString()));
            }
        }

        var random = new Random(20260401);
        var kinds = rules.Offences.Select(o => o.Code).ToArray();
        var kept = new Dictionary<long, (string Kind, string? Room, bool Withdrawn)>();
        temp.Time.SetUtcNow(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(8)));
        for (var report = 0; report < 400; report++)
        {
            temp.Time.Advance(TimeSpan.FromMinutes(random.Next(50, 120)));
            var resident = random.Next(5) > 0;
            var (plate, room) = resident ? residents[random.Next(residents.Count)] : ($"粤B{random.Next(10000, 99999)}", (string?)null);
            var kind = kinds[random.Next(kinds.Length)];
            var recorded = await conduct.RecordViolationAsync(
                new ViolationDraft(Plate.Parse(plate), kind, "消防通道", temp.Time.GetUtcNow().AddMinutes(-random.Next(1, 30))) { ConfirmedPlate = plate },
                [], rules, "patrol-liu");
            Assert.That(recorded.IsSuccess, Is.True, () => recorded.Problem!.Message);
            var seq = recorded.Value!.Violation.Seq;
            kept[seq] = (kind, room, false);
            foreach (var proposal in recorded.Value.Proposals)
            {
                var decided = await conduct.DecideAsync(proposal.Seq, random.Next(2) == 0, "村委会议", "zhao", "committee", zone);
                Assert.That(decided.IsSuccess || decided.Problem!.Kind == "already-blocked", Is.True, () => decided.Problem!.Message);
            }

            switch (random.Next(20))
            {
                case 0:
                    Assert.That((await conduct.CorrectAsync(new ViolationCorrection(seq, "重复登记") { Withdraw = true }, rules, "li")).IsSuccess, Is.True);
                    kept[seq] = kept[seq] with { Withdrawn = true };
                    break;
                case 1:
                    var other = kinds[(Array.IndexOf(kinds, kind) + 1) % kinds.Length];
                    Assert.That((await conduct.CorrectAsync(new ViolationCorrection(seq, "类型登记错误") { Offence = other }, rules, "li")).IsSuccess, Is.True);
                    kept[seq] = kept[seq] with { Kind = other };
                    break;
                case 2 when !resident:
                    var (right, rightRoom) = residents[random.Next(residents.Count)];
                    Assert.That((await conduct.CorrectAsync(new ViolationCorrection(seq, "看错车牌") { Plate = Plate.Parse(right) }, rules, "li")).IsSuccess, Is.True);
                    kept[seq] = kept[seq] with { Room = rightRoom };
                    break;
            }

            if (report % 100 == 0)
            {
                Assert.That((await conduct.CommendAsync("3栋志愿者", null, "清理消防通道杂物", new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.FromHours(8)), "zhao", "committee")).IsSuccess, Is.True);
            }
        }

        temp.Time.SetUtcNow(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        var signed = await conduct.SignOffAsync(new DateOnly(2026, 4, 1), rules, zone, "zhao", "committee");
        Assert.That(signed.IsSuccess, Is.True, () => signed.Problem!.Message);
        var notice = (await conduct.NoticeAsync(new DateOnly(2026, 4, 1), rules, zone)).Notice;

        var counted = kept.Values.Where(v => !v.Withdrawn).ToList();
        Assert.That(notice.Total, Is.EqualTo(counted.Count));
        Assert.That(notice.BlackList, Has.Count.EqualTo(counted.Count));
        foreach (var kind in kinds)
        {
            Assert.That(notice.ByKind[kind], Is.EqualTo(counted.Count(v => v.Kind == kind)), kind);
        }

        var byBuilding = counted.GroupBy(v => v.Room is null ? ConductNotice.NoHousehold : v.Room.Split('-')[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(notice.ByBuilding, Is.EquivalentTo(byBuilding));
        Assert.That(notice.RedList, Has.Count.EqualTo(4));
        Assert.That(notice.BlackList.All(b => b.Plate.Contains('*', StringComparison.Ordinal)), Is.True, "every plate is masked");
        Assert.That(conduct.Verify(notice.DigestLine).Ok, Is.True, "the printed digest line verifies against the register");
        TestContext.Out.WriteLine($"{kept.Count} reports, {counted.Count} counted, {notice.Decisions.Count} decisions; {notice.DigestLine}");
    }
}
