using ParkingGate.Domain.Registry;

namespace ParkingGate.Domain.Tests.Registry;

public sealed class HouseholdDraftTests
{
    private static readonly RegistryRules Rules = new(new EstateLayout([(1, 2), (3, 3)]), DefaultVehicleQuota: 2, MaxVehicleQuota: 4);

    [Test]
    public void A_good_household_is_tidied_and_gets_the_default_quota()
    {
        var draft = HouseholdDraft.Create("3栋2单元501", " 张建国 ", "138 0731 0001", null, Rules);
        Assert.That(draft.IsSuccess, Is.True);
        Assert.That(draft.Value, Is.EqualTo(new HouseholdDraft(new RoomNumber(3, 2, "501"), "张建国", "13807310001", 2)));
    }

    [TestCase("0731-84123456")]
    [TestCase("073184123456")]
    [TestCase("+8613807310001")]
    public void Landlines_and_international_mobiles_are_accepted(string phone) =>
        Assert.That(HouseholdDraft.Create("1-1-101", "李", phone, 1, Rules).IsSuccess, Is.True);

    [TestCase("9-1-101", "张", "13807310001", null, "unknown-room", "no building 9")]
    [TestCase("3-4-101", "张", "13807310001", null, "unknown-room", "3 unit(s)")]
    [TestCase("3-1", "张", "13807310001", null, "invalid-room", "3-1")]
    [TestCase("3-1-101", "  ", "13807310001", null, "invalid-name", "empty")]
    [TestCase("3-1-101", "张", "12345", null, "invalid-phone", "12345")]
    [TestCase("3-1-101", "张", "1380731000", null, "invalid-phone", "1380731000")]
    [TestCase("3-1-101", "张", "13807310001", 5, "invalid-quota", "between 0 and 4")]
    [TestCase("3-1-101", "张", "13807310001", -1, "invalid-quota", "-1")]
    public void The_first_bad_field_is_named(string room, string name, string phone, int? quota, string kind, string mentions)
    {
        var draft = HouseholdDraft.Create(room, name, phone, quota, Rules);
        Assert.That(draft.IsSuccess, Is.False);
        Assert.That(draft.Problem!.Kind, Is.EqualTo(kind));
        Assert.That(draft.Problem.Message, Does.Contain(mentions));
    }

    [Test]
    public void A_name_longer_than_forty_characters_is_refused() =>
        Assert.That(ContactRules.CheckName(new string('张', 41)).IsSuccess, Is.False);
}
