namespace ParkingGate.Simulator;

/// <summary>A simulated camera a scenario can drive, whatever it is connected by (MQTT or a serial line).</summary>
public interface ILaneCamera
{
    /// <summary>Sends one read of <paramref name="plate"/>, captured now.</summary>
    Task ReadAsync(string plate, int confidence, CancellationToken cancellationToken);

    /// <summary>Tells the gate the camera is alive, where its protocol has a way to.</summary>
    Task KeepAliveAsync(CancellationToken cancellationToken);
}
