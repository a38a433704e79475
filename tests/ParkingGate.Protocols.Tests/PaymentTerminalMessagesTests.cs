using System.Text;
using ParkingGate.Protocols.PaymentTerminal;

namespace ParkingGate.Protocols.Tests;

public sealed class PaymentTerminalMessagesTests
{
    private static (bool Ok, PaymentTerminalResult? Result, string? Error) Parse(string json)
    {
        var ok = PaymentTerminalMessages.TryParseResult(Encoding.UTF8.GetBytes(json), out var result, out var error);
        return (ok, result, error);
    }

    [Test]
    public void A_request_is_written_as_the_documented_json() =>
        Assert.That(PaymentTerminalMessages.Format(new PaymentTerminalRequest("pay-12-ab", 12, "粤B12345", 400, 1772424000)),
            Is.EqualTo("""{"id":"pay-12-ab","stay":12,"plate":"粤B12345","amountFen":400,"ts":1772424000}"""));

    [Test]
    public void A_paid_result_is_read()
    {
        var (ok, result, error) = Parse("""{"id":"pay-12-ab","status":"paid","channel":"wechat","ref":"4200001234","amountFen":400,"ts":1772424030}""");
        Assert.That(ok, Is.True, error);
        Assert.That(result, Is.EqualTo(new PaymentTerminalResult("pay-12-ab", true, "wechat", "4200001234", 400, null)));
    }

    [Test]
    public void A_failed_result_is_read_with_its_reason()
    {
        var (ok, result, _) = Parse("""{"id":"pay-12-ab","status":"failed","reason":"顾客取消 cancelled"}""");
        Assert.That(ok, Is.True);
        Assert.That((result!.Paid, result.Reason), Is.EqualTo((false, "顾客取消 cancelled")));
    }

    [TestCase("", "not JSON")]
    [TestCase("[1,2]", "JSON object")]
    [TestCase("""{"status":"paid"}""", "id must be")]
    [TestCase("""{"id":"x","status":"maybe"}""", "status 'maybe'")]
    [TestCase("""{"id":"x","status":"paid","channel":"bitcoin","ref":"1","amountFen":400}""", "channel 'bitcoin'")]
    [TestCase("""{"id":"x","status":"paid","channel":"wechat","amountFen":400}""", "ref must be")]
    [TestCase("""{"id":"x","status":"paid","channel":"wechat","ref":"1","amountFen":4.5}""", "amountFen")]
    [TestCase("""{"id":"x","status":"paid","channel":"wechat","ref":"1","amountFen":-400}""", "amountFen")]
    [TestCase("""{"id":"x","status":"paid","channel":"wechat","ref":"1","amountFen":"400"}""", "amountFen")]
    [TestCase("""{"id":"x\u0000","status":"paid"}""", "printable")]
    public void A_bad_result_is_refused_naming_the_field(string json, string message)
    {
        var (ok, result, error) = Parse(json);
        Assert.That(ok, Is.False);
        Assert.That(result, Is.Null);
        Assert.That(error, Does.Contain(message));
    }
}
