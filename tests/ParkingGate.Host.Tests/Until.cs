using System.Diagnostics;

namespace ParkingGate.Host.Tests;

/// <summary>Waits on the real clock for something the running gate does in its own time, failing the test with what did not happen.</summary>
internal static class Until
{
    public static Task TrueAsync(Func<bool> condition, string what, int seconds = 20) => TrueAsync(() => Task.FromResult(condition()), what, seconds);

    public static async Task TrueAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(seconds)), $"timed out waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }
}
