using System.Text;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Domain;
using ParkingGate.Host.Registry;

namespace ParkingGate.Host.Tests;

public sealed class HouseholdCsvReaderTests
{
    private static readonly RegistryRules Rules = new(new EstateLayout([(1, 2), (2, 2), (3, 3)]), 2, 4);

    [Test]
    public void Reads_english_headers_and_several_plates_per_cell()
    {
        var (rows, errors) = HouseholdCsvReader.Read("room,name,phone,plates\n3-2-501,张建国,13807310001,\"湘A12345;湘AD12345\"\n1-1-101,李,13807310002,\n", Rules);
        Assert.That(errors, Is.Empty);
        Assert.That(rows, Has.Count.EqualTo(2));
        Assert.That(rows[0].Line, Is.EqualTo(2));
        Assert.That(rows[0].Household.Room.ToString(), Is.EqualTo("3-2-501"));
        Assert.That(rows[0].Plates, Is.EqualTo(new[] { (Plate.Parse("湘A12345"), VehicleClass.Small), (Plate.Parse("湘AD12345"), VehicleClass.NewEnergy) }));
        Assert.That(rows[1].Plates, Is.Empty);
    }

    [Test]
    public void Reads_chinese_headers_in_any_order_with_a_quota_column()
    {
        var (rows, errors) = HouseholdCsvReader.Read("车牌,电话,房号,联系人,配额\n湘A 12345/湘B2Z318、湘C77777,13807310001,3栋2单元501,张建国,3\n", Rules);
        Assert.That(errors, Is.Empty);
        Assert.That(rows.Single().Plates.Select(p => p.Plate.Text), Is.EqualTo(new[] { "湘A12345", "湘B2Z318", "湘C77777" }));
        Assert.That(rows.Single().Household.VehicleQuota, Is.EqualTo(3));
    }

    [Test]
    public void Gbk_bytes_decode_as_gbk_and_utf8_as_utf8()
    {
        const string text = "房号,联系人,电话,车牌\n3-2-501,张建国,13807310001,湘A12345\n";
        var gbk = TextFileEncoding.Decode(TextFileEncoding.Gbk.GetBytes(text));
        var utf8 = TextFileEncoding.Decode(Encoding.UTF8.GetBytes(text));
        var bom = TextFileEncoding.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)]);
        Assert.That((gbk.Text, gbk.EncodingName), Is.EqualTo((text, "GBK")));
        Assert.That((utf8.Text, utf8.EncodingName), Is.EqualTo((text, "UTF-8")));
        Assert.That((bom.Text, bom.EncodingName), Is.EqualTo((text, "UTF-8")));
    }

    [TestCase("room,name,phone,plates\n3-2-501,张,13807310001,湘A#2345\n", "line 2: plate '湘A#2345' contains '#'")]
    [TestCase("room,name,phone,plates\n3-2-501,张,13807310001,湘A12345\n9-9-999,王,13807310002,\n", "line 3: room 9-9-999: the estate has no building 9")]
    [TestCase("room,name,phone,plates\n\n3-2-501,张,138,\n", "line 3: phone '138'")]
    [TestCase("room,name,phone,plates\n3-2-501,,13807310001,\n", "line 2: the contact name is empty")]
    [TestCase("room,name,phone,plates\n3-2-501,张,13807310001,,x\n3-2,张,13807310001,\n", "line 3: room '3-2'")]
    [TestCase("room,name,phone,plates,quota\n3-2-501,张,13807310001,,two\n", "line 2: quota 'two'")]
    [TestCase("room,phone,plates\n3-2-501,13807310001,\n", "line 1: the header has no 'name' column")]
    [TestCase("", "line 1: the file is empty")]
    [TestCase("room,name,phone,plates\n", "the file has a header but no households")]
    public void Names_the_line_and_the_reason(string csv, string expected)
    {
        var (rows, errors) = HouseholdCsvReader.Read(csv, Rules);
        Assert.That(rows, Is.Empty);
        Assert.That(errors, Has.Some.StartsWith(expected));
    }

    [Test]
    public void Every_bad_line_is_reported_not_only_the_first()
    {
        var (_, errors) = HouseholdCsvReader.Read("room,name,phone,plates\n3-2,张,13807310001,\n3-2-501,张,13807310001,\n3-2-502,张,1,\n", Rules);
        Assert.That(errors.Select(e => e[..6]), Is.EqualTo(new[] { "line 2", "line 4" }));
    }
}
