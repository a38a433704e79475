using System.Text;
using ParkingGate.Domain.Conduct;

namespace ParkingGate.Domain.Tests.Conduct;

/// <summary>The conduct rule file: read like a tariff, every problem named by its field.</summary>
public sealed class ConductRulesTests
{
    private static byte[] Shipped => File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "conduct", "fenglin-conduct.json"));

    private static string Header(string body) => $$"""
        { "id": "test-conduct", "version": 1, "approval": "户主代表大会决议（测试）", "effectiveFrom": "2026-03-01", {{body}} }
        """;

    [Test]
    public void The_shipped_rules_read_with_their_kinds_proposals_and_approval()
    {
        var rules = ConductRulesParser.Parse(Shipped);
        Assert.That(rules.IsSuccess, Is.True, () => rules.Problem!.Message);
        Assert.That(rules.Value!.Offences.Select(o => o.Name.Zh), Is.EqualTo(new[] { "堵塞消防通道", "占用他人车位", "乱停乱放", "长期停放/僵尸车" }));
        Assert.That(rules.Value.Find("fire-lane")!.Reminder.Zh, Is.EqualTo("请勿占用消防通道"));
        Assert.That(rules.Value.Proposals[0], Is.EqualTo(new ProposalRule("fire-lane", 3, 90, 30)));
        Assert.That(rules.Value.Approval, Does.StartWith("枫林村安置小区2026年第2次户主代表大会决议"));
        Assert.That(rules.Value.Hash, Has.Length.EqualTo(64));
    }

    [TestCase("""{ "kinds": [ { "code": "fire-lane", "name": { "zh": "堵塞消防通道" } } ] }""", "", "approval: is required")]
    [TestCase("""{ "id": "x", "version": 1, "approval": "a", "effectiveFrom": "2026-03-01", "kinds": [] }""", "", "id: 'x' must be 2–40")]
    [TestCase(null, """ "kinds": [] """, "kinds: must list at least one kind of violation")]
    [TestCase(null, """ "kinds": [ { "code": "Fire Lane", "name": { "zh": "堵塞消防通道" } } ] """, "kinds[0].code: 'Fire Lane' must be 2–30 lower-case letters")]
    [TestCase(null, """ "kinds": [ { "code": "fire-lane", "name": { "zh": "a" } }, { "code": "fire-lane", "name": { "zh": "b" } } ] """, "kinds[1].code: 'fire-lane' is listed twice")]
    [TestCase(null, """ "kinds": [ { "code": "fire-lane" } ] """, "kinds[0].name.zh: is required")]
    [TestCase(null, """ "kinds": [ { "code": "fire-lane", "name": { "zh": "堵塞消防通道" }, "reminder": { "zh": "请勿占用消防通道请勿占用消防通道请勿占用消防通道请勿占用" } } ] """, "kinds[0].reminder.zh:")]
    [TestCase(null, """ "kinds": [ { "code": "fire-lane", "name": { "zh": "堵塞消防通道" } } ], "proposals": [ { "kind": "fire", "count": 3, "withinDays": 90, "blockDays": 30 } ] """, "proposals[0].kind: 'fire' is not one of the kinds listed")]
    [TestCase(null, """ "kinds": [ { "code": "fire-lane", "name": { "zh": "堵塞消防通道" } } ], "proposals": [ { "kind": "fire-lane", "count": 0, "withinDays": 90 } ] """, "proposals[0].count: 0 must be between 1 and 100; proposals[0].blockDays: is required")]
    [TestCase(null, """ "kinds": [ { "code": "fire-lane", "name": { "zh": "堵塞消防通道" } } ], "photoDays": 0 """, "photoDays: 0 must be between 1 and 3650")]
    [TestCase(null, """ "kinds": [ { "code": "fire-lane", "name": { "zh": "堵塞消防通道" } } ], "fines": 100 """, "fines")]
    public void A_rule_file_with_an_error_is_refused_naming_the_field(string? whole, string body, string message)
    {
        var parsed = ConductRulesParser.Parse(Encoding.UTF8.GetBytes(whole ?? Header(body)));
        Assert.That(parsed.IsSuccess, Is.False);
        Assert.That(parsed.Problem!.Message, Does.Contain(message));
        Assert.That(parsed.Problem.Zh, Does.StartWith("红黑榜规则"));
    }

    [TestCase("湘A12345", true, "湘A·1**45")]
    [TestCase("湘AD12345", true, "湘A·D***45")]
    [TestCase("湘A12345", false, "湘A·12345")]
    public void A_plate_on_the_notice_is_masked_as_the_rules_say(string plate, bool mask, string shown)
    {
        Assert.That(NoticeMask.Plate(plate, mask), Is.EqualTo(shown));
    }

    [TestCase("3-2-501", true, "3-2-5**")]
    [TestCase("3-2-1201", true, "3-2-1***")]
    [TestCase("3-2-501", false, "3-2-501")]
    public void A_room_on_the_notice_is_masked_as_the_rules_say(string room, bool mask, string shown)
    {
        Assert.That(NoticeMask.Room(room, mask), Is.EqualTo(shown));
    }
}
