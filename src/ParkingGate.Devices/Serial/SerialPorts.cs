using System.IO.Ports;

namespace ParkingGate.Devices.Serial;

/// <summary>Opening and closing System.IO.Ports ports the way a gate PC needs: errors as text, a hanging close abandoned.</summary>
public static class SerialPorts
{
    /// <summary>Opens the port (8 data bits); returns the error as text instead of throwing.</summary>
    public static Task<(SerialPort? Port, string? Error)> OpenAsync(SerialSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!OperatingSystem.IsWindows() && !File.Exists(settings.Path))
        {
            return Task.FromResult<(SerialPort?, string?)>((null, $"{settings.Path}: no such port (is the adapter plugged in?)"));
        }

        var port = new SerialPort(settings.Path, settings.BaudRate, settings.Parity, 8, settings.StopBits) { WriteTimeout = 1000, ReadTimeout = 1000 };
        try
        {
            // Open can hang on a half-gone USB device; a port that does not open in 3 s is not there.
            var opening = Task.Run(port.Open);
            return opening.WaitAsync(TimeSpan.FromSeconds(3), time).ContinueWith(
                t => t.IsCompletedSuccessfully ? (port, (string?)null) : Failed(port, settings, t.Exception?.InnerException),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return Task.FromResult(Failed(port, settings, e));
        }
    }

    /// <summary>Closes a port; a close that hangs (as it can on Linux after the adapter vanished) is abandoned after 2 s.</summary>
    public static async Task CloseAsync(SerialPort? port, TimeProvider time)
    {
        if (port is null)
        {
            return;
        }

        try
        {
            await Task.Run(port.Dispose).WaitAsync(TimeSpan.FromSeconds(2), time);
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // abandoned: the next open makes a fresh port object
        }
    }

    private static (SerialPort?, string?) Failed(SerialPort port, SerialSettings settings, Exception? e)
    {
        _ = Task.Run(port.Dispose);
        var why = e switch
        {
            null or TimeoutException => "the port did not open within 3 s",
            FileNotFoundException or DirectoryNotFoundException => "no such port (is the adapter plugged in?)",
            UnauthorizedAccessException => $"{e.Message} (is the service's user in the dialout group?)",
            _ => e.Message,
        };
        return (null, $"{settings.Path}: {why}");
    }
}
