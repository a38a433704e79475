using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Desk;

/// <summary>
/// The names a person reads for what the code stores by name: ledger kinds, payment channels, roles, vehicle classes
/// and audit actions, in Chinese on Chinese pages and in plain English on English ones (never the stored name).
/// </summary>
public static class Names
{
    /// <summary>A ledger entry's kind.</summary>
    public static string Kind(LedgerKind kind, bool english) => kind switch
    {
        LedgerKind.VisitorFee => english ? "visitor fee" : "临停收费",
        LedgerKind.PassSale => english ? "pass sale" : "月卡收入",
        LedgerKind.Refund => english ? "refund" : "退款",
        LedgerKind.Reversal => english ? "reversal" : "冲正",
        LedgerKind.CashDeposit => english ? "cash deposited" : "现金存款",
        LedgerKind.FreeExit => english ? "free exit" : "免费放行",
        LedgerKind.ManualOpening => english ? "opened by hand" : "人工开闸",
        LedgerKind.ShiftOpen => english ? "shift opened" : "开班",
        LedgerKind.ShiftClose => english ? "shift closed" : "交班",
        LedgerKind.Digest => english ? "digest" : "结账摘要",
        LedgerKind.HoldStart => english ? "barrier held open" : "道闸常开",
        LedgerKind.HoldEnd => english ? "hold-open ended" : "结束常开",
        _ => kind.ToName(),
    };

    /// <summary>A payment channel (cash, wechat…); empty for none.</summary>
    public static string Channel(string? channel, bool english) => english ? channel ?? "" : PaymentChannel.Zh(channel);

    /// <summary>A desk role.</summary>
    public static string Role(string role, bool english) => role switch
    {
        "clerk" => english ? "clerk" : "登记员",
        "cashier" => english ? "cashier" : "收费员",
        "accountant" => english ? "accountant" : "会计",
        "committee" => english ? "committee (reads the books, decides conduct proposals)" : "村委（查账、决定红黑榜提议）",
        "patroller" => english ? "patroller (records parking violations)" : "巡查员（登记违停）",
        "admin" => english ? "administrator" : "管理员",
        _ => role,
    };

    /// <summary>A vehicle class.</summary>
    public static string Class(VehicleClass vehicleClass, bool english) => vehicleClass switch
    {
        VehicleClass.Small => english ? "small" : "小型车",
        VehicleClass.Large => english ? "large" : "大型车",
        VehicleClass.NewEnergy => english ? "new energy" : "新能源车",
        _ => vehicleClass.ToName(),
    };

    /// <summary>What an audit row records.</summary>
    public static string Action(string action, bool english) => action switch
    {
        "household.add" => english ? "household registered" : "登记住户",
        "household.update" => english ? "household changed" : "修改住户",
        "household.spaces" => english ? "household spaces set" : "设置住户车位数",
        "household.import" => english ? "household imported" : "导入住户",
        "vehicle.add" => english ? "vehicle registered" : "登记车辆",
        "vehicle.remove" => english ? "vehicle removed" : "移除车辆",
        "blocklist.add" => english ? "added to the blocklist" : "加入黑名单",
        "blocklist.remove" => english ? "removed from the blocklist" : "移出黑名单",
        "invitation.add" => english ? "visitor invited" : "登记访客预约",
        "invitation.cancel" => english ? "invitation cancelled" : "取消访客预约",
        "pass.add" => english ? "pass recorded" : "记录月卡",
        "pass.sell" => english ? "pass sold" : "售出月卡",
        "cash" => english ? "cash taken" : "收取现金",
        "free-exit" => english ? "free exit" : "免费放行",
        "terminal-payment" => english ? "paid at the terminal" : "终端付款",
        "open-by-hand" => english ? "gate opened by hand" : "人工开闸",
        "stay.enter" => english ? "entry recorded by hand" : "补录入场",
        "stay.exit" => english ? "exit recorded by hand" : "补录出场",
        "stay.owing" => english ? "let out owing" : "欠费放行",
        "stay.entry-stated" => english ? "entry time as the driver stated" : "按司机所述补入场时间",
        "stay.match" => english ? "exit matched to a car inside" : "出场匹配场内车辆",
        "held.settle" => english ? "held read decided" : "处理待定识别",
        "stay.unplated" => english ? "car without a plate let in" : "无牌车入场",
        "shift.open" => english ? "shift opened" : "开班",
        "shift.close" => english ? "shift closed" : "交班",
        "export" => english ? "export" : "导出报表",
        "ledger.verify" => english ? "ledger verified" : "校验账本",
        "ledger.reverse" => english ? "entry reversed" : "冲正",
        "ledger.refund" => english ? "refund" : "退款",
        "ledger.deposit" => english ? "cash deposited" : "现金存款",
        "ledger.close" => english ? "period closed" : "结账",
        "add" => english ? "user added" : "新增用户",
        "unlock" => english ? "user unlocked" : "解除锁定",
        "sign-in" => english ? "signed in" : "登录",
        "locked-out" => english ? "locked out" : "登录锁定",
        _ => action,
    };

    /// <summary>What kind of record an audit row is about.</summary>
    public static string Entity(string entity, bool english) => entity switch
    {
        "household" => english ? "household" : "住户",
        "vehicle" => english ? "vehicle" : "车辆",
        "blocklist" => english ? "blocklist" : "黑名单",
        "pass" => english ? "pass" : "月卡",
        "invitation" => english ? "invitation" : "访客预约",
        "conduct" => english ? "conduct register" : "红黑榜",
        "user" => english ? "user" : "用户",
        "lane" => english ? "lane" : "车道",
        "stay" => english ? "stay" : "停车记录",
        "shift" => english ? "shift" : "班次",
        "ledger" => english ? "ledger" : "账本",
        _ => entity,
    };

    /// <summary>The record kinds the audit page filters on.</summary>
    public static IReadOnlyList<string> Entities { get; } = ["household", "vehicle", "blocklist", "pass", "invitation", "conduct", "user", "lane", "stay", "shift", "ledger"];
}
