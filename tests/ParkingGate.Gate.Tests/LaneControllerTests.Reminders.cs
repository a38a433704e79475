using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Gate.Tests;

public sealed partial class LaneControllerTests
{
    /// <summary>A pass for 湘B2Z318 sold so that it ends <paramref name="daysFromNow"/> local days from today (3 grace days).</summary>
    private async Task PassEndingInAsync(int daysFromNow)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), Changsha).DateTime);
        var sold = await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("湘B2Z318"), 1, today.AddDays(daysFromNow).AddMonths(-1), 3, 15000, "wechat", "wx-r", null), Changsha, "zhou");
        Assert.That(sold.IsSuccess, Is.True, () => sold.Problem!.Message);
        _lanes.InvalidateRegistry();
    }

    [TestCase(3, "湘B2Z318 欢迎光临 月卡剩余3天 请及时续费", "月卡有效（月卡剩余3天 请及时续费）")]
    [TestCase(7, "湘B2Z318 欢迎光临 月卡剩余7天 请及时续费", "月卡有效（月卡剩余7天 请及时续费）")]
    [TestCase(8, "湘B2Z318 月卡车 欢迎光临", "月卡有效")]
    [TestCase(-1, "湘B2Z318 欢迎光临 月卡已到期 宽限2天 请及时续费", "月卡有效（月卡已到期 宽限2天 请及时续费）")]
    public async Task The_board_tells_a_pass_holder_the_days_left_in_the_passs_last_week(int endsInDays, string board, string reason)
    {
        await PassEndingInAsync(endsInDays);
        var entry = await SeeAsync(In, "湘B2Z318");
        Assert.That((entry.Outcome, entry.Who, entry.Reason.Zh), Is.EqualTo((LaneOutcome.Opened, Visitor.PassHolder, reason)));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo(board));
    }
}
