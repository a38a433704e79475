using ParkingGate.Domain.Plates;

namespace ParkingGate.Domain.Tests.Plates;

public sealed class PlateTests
{
    // Golden cases: input as people and cameras write it → normalised plate and layout.
    [TestCase("湘A12345", "湘A12345", PlateFormat.Standard)]
    [TestCase(" 湘a·1234５ ", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘ａ１２３４５", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘Ａ·１２３４５", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘a12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘 A 1 2 3 4 5", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘\u3000A12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A-12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A－12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A—12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A.12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A•12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A・12345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A\t12345\n", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘AI2345", "湘A12345", PlateFormat.Standard)]
    [TestCase("湘A1234O", "湘A12340", PlateFormat.Standard)]
    [TestCase("湘AOI23O", "湘A01230", PlateFormat.Standard)]
    [TestCase("湘aoi23o", "湘A01230", PlateFormat.Standard)]
    [TestCase("粤O12345", "粤O12345", PlateFormat.Standard)] // O as the authority letter (police) stays a letter
    [TestCase("京B8Z5S6", "京B8Z5S6", PlateFormat.Standard)]
    [TestCase("沪C0D1Q7", "沪C0D1Q7", PlateFormat.Standard)]
    [TestCase("琼E1234T", "琼E1234T", PlateFormat.Standard)]
    [TestCase("湘AD12345", "湘AD12345", PlateFormat.NewEnergy)]
    [TestCase("湘AF12345", "湘AF12345", PlateFormat.NewEnergy)]
    [TestCase("湘AD1O234", "湘AD10234", PlateFormat.NewEnergy)]
    [TestCase("湘ADA1234", "湘ADA1234", PlateFormat.NewEnergy)]
    [TestCase("湘A12345D", "湘A12345D", PlateFormat.NewEnergy)]
    [TestCase("湘A12345F", "湘A12345F", PlateFormat.NewEnergy)]
    [TestCase("粤BK·12345", "粤BK12345", PlateFormat.NewEnergy)]
    [TestCase("湘a d 12345", "湘AD12345", PlateFormat.NewEnergy)]
    [TestCase("湘A1234学", "湘A1234学", PlateFormat.Special)]
    [TestCase("湘A1234警", "湘A1234警", PlateFormat.Special)]
    [TestCase("湘A1234挂", "湘A1234挂", PlateFormat.Special)]
    [TestCase("粤Z1234港", "粤Z1234港", PlateFormat.Special)]
    [TestCase("粤Z1234澳", "粤Z1234澳", PlateFormat.Special)]
    [TestCase("京A1234领", "京A1234领", PlateFormat.Special)]
    [TestCase("京A1234使", "京A1234使", PlateFormat.Special)]
    [TestCase("湘A1234试", "湘A1234试", PlateFormat.Special)]
    [TestCase("湘A1234超", "湘A1234超", PlateFormat.Special)]
    [TestCase("湘AI234学", "湘A1234学", PlateFormat.Special)]
    [TestCase("湘A1234应急", "湘A1234应急", PlateFormat.Special)]  // emergency rescue
    [TestCase("京X·0001应急", "京X0001应急", PlateFormat.Special)]
    [TestCase("WJ12345", "WJ12345", PlateFormat.NonStandard)]    // armed police: not province-first, kept as text
    [TestCase("VA12345", "VA12345", PlateFormat.NonStandard)]    // military
    [TestCase("使014578", "使014578", PlateFormat.NonStandard)]  // old embassy layout
    [TestCase("ab-123-cd", "AB123CD", PlateFormat.NonStandard)]  // a foreign plate
    [TestCase("OI 7", "OI7", PlateFormat.NonStandard)]           // no province: I and O are not rewritten
    public void TryParse_normalises_and_classifies(string input, string expected, PlateFormat format)
    {
        Assert.That(Plate.TryParse(input, out var plate, out var error), Is.True, () => error!.Message);
        Assert.That(plate!.Text, Is.EqualTo(expected));
        Assert.That(plate.Format, Is.EqualTo(format));
        Assert.That(plate.IsStandard, Is.EqualTo(format != PlateFormat.NonStandard));
    }

    [TestCase("", PlateErrorKind.Empty)]
    [TestCase("   ", PlateErrorKind.Empty)]
    [TestCase(" ·-. ", PlateErrorKind.Empty)]
    [TestCase("湘A1234", PlateErrorKind.WrongLength)]
    [TestCase("湘A123456789", PlateErrorKind.WrongLength)]
    [TestCase("湘", PlateErrorKind.WrongLength)]
    [TestCase("湘112345", PlateErrorKind.NotMainlandLayout)]   // second character must be a letter
    [TestCase("湘A12345学", PlateErrorKind.NotMainlandLayout)] // suffix plates have four characters before it
    [TestCase("湘A123应急", PlateErrorKind.NotMainlandLayout)]  // an emergency plate has four characters before 应急
    [TestCase("湘11234应急", PlateErrorKind.NotMainlandLayout)]
    [TestCase("湘AX12345", PlateErrorKind.NotMainlandLayout)]  // X does not open a small new-energy serial
    [TestCase("湘A1234X5", PlateErrorKind.NotMainlandLayout)]
    [TestCase("湘A12中45", PlateErrorKind.NotMainlandLayout)]
    [TestCase("湘A#2345", PlateErrorKind.InvalidCharacter)]
    [TestCase("湘A12345;DROP TABLE", PlateErrorKind.InvalidCharacter)]
    [TestCase("湘A1234é", PlateErrorKind.InvalidCharacter)]
    [TestCase("A", PlateErrorKind.WrongLength)]
    [TestCase("ABCDEFGHJKLMN", PlateErrorKind.WrongLength)]
    [TestCase("中文字", PlateErrorKind.InvalidCharacter)]        // no letter or digit at all
    public void TryParse_refuses_with_a_reason(string input, PlateErrorKind kind)
    {
        Assert.That(Plate.TryParse(input, out var plate, out var error), Is.False);
        Assert.That(plate, Is.Null);
        Assert.That(error!.Kind, Is.EqualTo(kind));
        Assert.That(error.Input, Is.EqualTo(input));
        Assert.That(error.Message, Is.Not.Empty);
        Assert.That(error.Zh, Does.Match(@"\p{IsCJKUnifiedIdeographs}").And.Not.Contain("characters"), "the desk shows the reason in Chinese");
    }

    [Test]
    public void A_short_plate_is_refused_in_both_languages_naming_what_is_missing()
    {
        Assert.That(Plate.TryParse("湘A1234", out _, out var error), Is.False);
        Assert.That(error!.In(english: true), Does.Contain("has 4 characters after '湘A'"));
        Assert.That(error.In(english: false), Is.EqualTo("“湘A1234”在“湘A”之后有 4 位，车牌应为 5 位（新能源 6 位）"));
    }

    [Test]
    public void TryParse_of_null_is_an_empty_plate_error()
    {
        Assert.That(Plate.TryParse(null, out _, out var error), Is.False);
        Assert.That(error!.Kind, Is.EqualTo(PlateErrorKind.Empty));
    }

    [Test]
    public void Error_message_names_the_offending_character()
    {
        Assert.That(Plate.TryParse("湘A#2345", out _, out var error), Is.False);
        Assert.That(error!.Message, Does.Contain("'#'"));
    }

    [Test]
    public void Error_message_for_a_short_mainland_plate_says_how_many_characters_are_needed()
    {
        Assert.That(Plate.TryParse("湘A1234", out _, out var error), Is.False);
        Assert.That(error!.Message, Does.Contain("has 4 characters").And.Contain("5 (6 for new-energy)"));
    }

    [Test]
    public void Parse_throws_for_text_that_is_not_a_plate() =>
        Assert.That(() => Plate.Parse("湘A#"), Throws.TypeOf<FormatException>());

    [Test]
    public void Province_is_known_for_mainland_plates_only()
    {
        Assert.That(Plate.Parse("湘A12345").Province, Is.EqualTo('湘'));
        Assert.That(Plate.Parse("WJ12345").Province, Is.Null);
    }

    [Test]
    public void Every_province_character_opens_a_valid_plate()
    {
        foreach (var province in Provinces.All)
        {
            Assert.That(Plate.TryParse($"{province}A12345", out _, out var error), Is.True, () => error!.Message);
        }

        Assert.That(Provinces.All, Has.Length.EqualTo(31));
    }

    [Test]
    public void Normalising_twice_changes_nothing()
    {
        foreach (var input in new[] { " 湘a·1234５ ", "湘AOI23O", "ab-123-cd", "湘ad1o234" })
        {
            var once = PlateNormalizer.Normalize(input);
            Assert.That(PlateNormalizer.Normalize(once), Is.EqualTo(once));
        }
    }
}
