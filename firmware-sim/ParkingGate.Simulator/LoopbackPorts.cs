using System.Net;
using System.Net.Sockets;

namespace ParkingGate.Simulator;

/// <summary>Ports for simulated devices and the services they talk to, on loopback.</summary>
public static class LoopbackPorts
{
    /// <summary>A TCP port free on loopback right now (for a listener that must be named before it starts, or come back on the same port).</summary>
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
