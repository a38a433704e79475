using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace ParkingGate.Simulator;

/// <summary>
/// A lane's payment terminal (the contract in the README): takes every request it is sent, waits as a customer
/// scanning a code would, and answers paid by WeChat with a fresh transaction reference (or failed, when told).
/// </summary>
public sealed class SimulatedPaymentTerminal : SimulatedDevice
{
    private readonly string _resultTopic;
    private readonly TimeProvider _time;
    private int _payments;

    private SimulatedPaymentTerminal(string resultTopic, TimeProvider time)
    {
        _resultTopic = resultTopic;
        _time = time;
    }

    /// <summary>How long a customer takes to pay.</summary>
    public TimeSpan PayAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Send every result twice, as a flaky network would.</summary>
    public bool Replay { get; set; }

    /// <summary>Answer failed instead of paid.</summary>
    public bool Decline { get; set; }

    /// <summary>Every request seen (id, amount in fen).</summary>
    public ConcurrentQueue<(string Id, long AmountFen)> Requests { get; } = new();

    /// <summary>Connects with the terminal's account for <paramref name="lane"/>.</summary>
    public static async Task<SimulatedPaymentTerminal> ConnectAsync(string host, int port, string user, string password, string estate, string lane, TimeProvider time)
    {
        var terminal = new SimulatedPaymentTerminal($"parkinggate/{estate}/lanes/{lane}/pay/result", time);
        await terminal.ConnectAsync(host, port, $"terminal-{lane}", user, password, $"parkinggate/{estate}/lanes/{lane}/pay/request");
        return terminal;
    }

    /// <inheritdoc />
    protected override Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        using var document = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
        var id = document.RootElement.GetProperty("id").GetString()!;
        var amount = document.RootElement.GetProperty("amountFen").GetInt64();
        Requests.Enqueue((id, amount));
        _ = AnswerAsync(id, amount);
        return Task.CompletedTask;
    }

    private async Task AnswerAsync(string id, long amount)
    {
        await Task.Delay(PayAfter, _time);
        var result = Decline
            ? JsonSerializer.Serialize(new { id, status = "failed", reason = "顾客取消 cancelled" })
            : JsonSerializer.Serialize(new { id, status = "paid", channel = "wechat", @ref = $"4200{_time.GetUtcNow().ToUnixTimeMilliseconds()}{Interlocked.Increment(ref _payments)}", amountFen = amount });
        for (var i = 0; i < (Replay ? 2 : 1); i++)
        {
            await PublishAsync(_resultTopic, result);
        }
    }
}
