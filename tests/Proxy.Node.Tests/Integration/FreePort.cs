using System.Net;
using System.Net.Sockets;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A port nothing listens on right now. The node takes its ports from flags, so they are chosen
/// before it starts; the window in which another process could take one is small.
/// </summary>
public static class FreePort
{
    public static int Next(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A URL on which connections are refused: a port just closed, nobody listening.</summary>
    public static string ClosedUrl(int lastOctet = 1) => $"http://127.0.0.{lastOctet}:{Next(IPAddress.Parse($"127.0.0.{lastOctet}"))}";
}
