namespace ParkingGate.Domain.Ledger;

/// <summary>How money moved. Stored as the lower-case name.</summary>
public static class PaymentChannel
{
    /// <summary>Cash at the booth.</summary>
    public const string Cash = "cash";

    /// <summary>WeChat Pay on the estate's merchant account.</summary>
    public const string WeChat = "wechat";

    /// <summary>Alipay on the estate's merchant account.</summary>
    public const string Alipay = "alipay";

    /// <summary>Anything else (bank transfer, another terminal).</summary>
    public const string Other = "other";

    /// <summary>All channels, in the order digests list their sums.</summary>
    public static IReadOnlyList<string> All { get; } = [Cash, WeChat, Alipay, Other];

    /// <summary>True for a known channel name.</summary>
    public static bool IsKnown(string? channel) => channel is not null && All.Contains(channel);

    /// <summary>The channel's name in Chinese (现金, 微信, 支付宝, 其他); an unknown name as it is.</summary>
    public static string Zh(string? channel) => channel switch
    {
        Cash => "现金",
        WeChat => "微信",
        Alipay => "支付宝",
        Other => "其他",
        _ => channel ?? "",
    };
}
