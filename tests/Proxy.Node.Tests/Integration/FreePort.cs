using System.Net;
using Proxy.Tests.Ports;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A port nothing listens on, for a node or server the test starts later. Taken from
/// <see cref="TestPorts"/>: outside the kernel's ephemeral range, so another node's Akka port
/// bound as 0 cannot take it in between, and never the same twice in this process.
/// </summary>
public static class FreePort
{
    public static int Next(IPAddress? address = null) => TestPorts.Next(address ?? IPAddress.Loopback);

    /// <summary>A URL on which connections are refused: a port claimed for nobody, so nobody listens.</summary>
    public static string ClosedUrl(int lastOctet = 1) => $"http://127.0.0.{lastOctet}:{Next(IPAddress.Parse($"127.0.0.{lastOctet}"))}";
}
