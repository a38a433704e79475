using ParkingGate.Domain.Plates;
using ParkingGate.Testing;

namespace ParkingGate.Domain.Tests.Plates;

public sealed class PlateMatcherTests
{
    [TestCase("湘A12345", "湘A12345")]
    [TestCase("湘A12345", " 湘a·1234５ ")]
    [TestCase("湘A12345", "湘AI2345")]
    [TestCase("湘AD10234", "湘AD1O234")]
    [TestCase("WJ12345", "wj-12345")]
    public void Exact_read_finds_the_plate(string registered, string read)
    {
        var match = new PlateMatcher([registered, "湘B99999"]).Match(read);
        Assert.That(match.Kind, Is.EqualTo(MatchKind.Exact));
        Assert.That(match.Plate, Is.EqualTo(registered));
        Assert.That(match.Candidates.Single().Substitutions, Is.Zero);
    }

    // Every confusion set of DESIGN.md, both ways where the layout allows, plus the province character.
    [TestCase("湘A10234", "湘A1D234", TestName = "0 read as D")]
    [TestCase("湘A10234", "湘A1Q234", TestName = "0 read as Q")]
    [TestCase("湘AQ1234", "湘AD1234", TestName = "Q read as D")]
    [TestCase("湘AD1234", "湘A01234", TestName = "D read as 0")]
    [TestCase("湘A18234", "湘A1B234", TestName = "8 read as B")]
    [TestCase("湘AB1234", "湘A81234", TestName = "B read as 8")]
    [TestCase("湘A12345", "湘A1Z345", TestName = "2 read as Z")]
    [TestCase("湘AZ1234", "湘A21234", TestName = "Z read as 2")]
    [TestCase("湘A12345", "湘A1234S", TestName = "5 read as S")]
    [TestCase("湘AS1234", "湘A51234", TestName = "S read as 5")]
    [TestCase("湘A16234", "湘A1G234", TestName = "6 read as G")]
    [TestCase("湘AG1234", "湘A61234", TestName = "G read as 6")]
    [TestCase("湘A12345", "湘A72345", TestName = "1 read as 7")]
    [TestCase("湘A17234", "湘A1T234", TestName = "7 read as T")]
    [TestCase("湘AT1234", "湘A11234", TestName = "T read as 1")]
    [TestCase("湘A1A234", "湘A14234", TestName = "A read as 4")]
    [TestCase("湘A12345", "湘A123A5", TestName = "4 read as A")]
    [TestCase("湘B12345", "湘812345", TestName = "authority letter B read as 8")]
    [TestCase("湘AD12345", "湘A012345", TestName = "new-energy D read as 0")]
    [TestCase("湘AD2345", "湘AO2345", TestName = "O is read as 0 first, then 0 matches D")]
    [TestCase("湘A12345", "鄂A12345", TestName = "province 湘 read as 鄂")]
    [TestCase("湘A12345", "湖A12345", TestName = "province read as a character that is no province")]
    public void One_confusable_substitution_is_a_fuzzy_match(string registered, string read)
    {
        var match = new PlateMatcher([registered, "湘B99999", "粤C55555"]).Match(read);
        Assert.That(match.Kind, Is.EqualTo(MatchKind.Fuzzy));
        Assert.That(match.Plate, Is.EqualTo(registered));
        Assert.That(match.Candidates.Single().Substitutions, Is.EqualTo(1));
    }

    [TestCase("湘A12345", "湘A12346", TestName = "5 and 6 are not confusable")]
    [TestCase("湘A12345", "湘B12345", TestName = "A and B are not confusable")]
    [TestCase("湘A12345", "湘A7Z345", TestName = "two substitutions exceed the default budget")]
    [TestCase("湘A12345", "湘A123456", TestName = "a longer read is never fuzzy")]
    [TestCase("湘A12345", "湘A1234", TestName = "a shorter read is never fuzzy")]
    [TestCase("湘A1234学", "湘A1234警", TestName = "suffix characters are not confusable")]
    [TestCase("湘A12345", "", TestName = "an empty read matches nothing")]
    [TestCase("湘A12345", "A12345湘", TestName = "a province character out of place is not a misread province")]
    public void Other_differences_match_nothing(string registered, string read)
    {
        var match = new PlateMatcher([registered]).Match(read);
        Assert.That(match.Kind, Is.EqualTo(MatchKind.None));
        Assert.That(match.Plate, Is.Null);
        Assert.That(match.Candidates, Is.Empty);
    }

    [TestCase(new[] { "湘AS5001", "湘A5S001" }, "湘A55001", TestName = "S/5 in two places")]
    [TestCase(new[] { "湘A12345", "鄂A12345" }, "粤A12345", TestName = "two provinces")]
    [TestCase(new[] { "湘A00000", "湘AD0000" }, "湘AQ0000", TestName = "0/D/Q three ways")]
    [TestCase(new[] { "湘A8B123", "湘AB8123" }, "湘A88123", TestName = "8/B swapped")]
    public void Two_equally_close_plates_are_ambiguous_and_never_a_guess(string[] registered, string read)
    {
        var match = new PlateMatcher(registered).Match(read);
        Assert.That(match.Kind, Is.EqualTo(MatchKind.Ambiguous));
        Assert.That(match.Plate, Is.Null);
        Assert.That(match.Candidates.Select(c => c.Plate), Is.EquivalentTo(registered));
        Assert.That(match.Candidates.Select(c => c.Substitutions), Is.All.EqualTo(1));
    }

    [Test]
    public void An_exact_plate_wins_over_a_confusable_neighbour()
    {
        var match = new PlateMatcher(["湘B80000", "湘B8000D"]).Match("湘B80000");
        Assert.That(match.Kind, Is.EqualTo(MatchKind.Exact));
        Assert.That(match.Plate, Is.EqualTo("湘B80000"));
    }

    [Test]
    public void Budget_two_allows_two_substitutions()
    {
        var match = new PlateMatcher(["湘A12345"], budget: 2).Match("湘A7Z345");
        Assert.That(match.Kind, Is.EqualTo(MatchKind.Fuzzy));
        Assert.That(match.Candidates.Single().Substitutions, Is.EqualTo(2));
    }

    [Test]
    public void Budget_two_prefers_the_closer_plate()
    {
        var match = new PlateMatcher(["湘A12345", "湘A1234S"], budget: 2).Match("湘A1Z34S");
        Assert.That(match.Kind, Is.EqualTo(MatchKind.Fuzzy));
        Assert.That(match.Plate, Is.EqualTo("湘A1234S"));
    }

    [Test]
    public void Budget_two_is_ambiguous_when_both_plates_are_two_away()
    {
        string[] registered = ["湘A12345", "湘A7234S"];
        Assert.That(new PlateMatcher(registered, budget: 2).Match("湘A7Z345").Kind, Is.EqualTo(MatchKind.Ambiguous));
        Assert.That(new PlateMatcher(registered, budget: 1).Match("湘A7Z345").Kind, Is.EqualTo(MatchKind.None));
    }

    [TestCase(0)]
    [TestCase(3)]
    public void Budget_outside_one_to_two_is_refused(int budget) =>
        Assert.That(() => new PlateMatcher(["湘A12345"], budget), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void Duplicates_in_the_registry_count_once()
    {
        var matcher = new PlateMatcher(["湘A12345", "湘A12345"]);
        Assert.That(matcher.Count, Is.EqualTo(1));
        Assert.That(matcher.Match("湘A1234S").Kind, Is.EqualTo(MatchKind.Fuzzy));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Index_agrees_with_a_plate_by_plate_comparison_on_a_large_random_registry(int budget)
    {
        var random = new Random(20261126);
        var registry = SamplePlates.Registry(random, 10_000).ToArray();
        var matcher = new PlateMatcher(registry, budget);
        for (var i = 0; i < 2_000; i++)
        {
            var read = SamplePlates.Misread(random, registry[random.Next(registry.Length)], random.Next(0, 3));
            var expected = BruteForce(registry, read, budget);
            var actual = matcher.Match(read);
            Assert.That(actual.Kind, Is.EqualTo(expected.Kind), read);
            Assert.That(actual.Candidates.Select(c => c.Plate), Is.EquivalentTo(expected.Candidates), read);
        }
    }

    private static (MatchKind Kind, string[] Candidates) BruteForce(string[] registry, string read, int budget)
    {
        if (registry.Contains(read))
        {
            return (MatchKind.Exact, [read]);
        }

        var distances = registry
            .Where(p => p.Length == read.Length)
            .Select(p => (Plate: p, Distance: Enumerable.Range(0, p.Length).Count(i => p[i] != read[i]),
                          AllConfusable: Enumerable.Range(0, p.Length).All(i => p[i] == read[i] || ConfusionSets.AreConfusable(read[i], p[i], i))))
            .Where(x => x.AllConfusable && x.Distance <= budget)
            .ToList();
        if (distances.Count == 0)
        {
            return (MatchKind.None, []);
        }

        var best = distances.Min(x => x.Distance);
        var closest = distances.Where(x => x.Distance == best).Select(x => x.Plate).ToArray();
        return (closest.Length == 1 ? MatchKind.Fuzzy : MatchKind.Ambiguous, closest);
    }
}
