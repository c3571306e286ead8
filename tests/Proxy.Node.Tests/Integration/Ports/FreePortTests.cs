using System.Net;
using System.Net.Sockets;
using Proxy.Tests.Ports;

namespace Proxy.Node.Tests.Integration.Ports;

public sealed class FreePortTests
{
    [Fact]
    public void Next_ManyPorts_NoneInTheEphemeralRange()
    {
        var ephemeral = EphemeralPortRange.Read();

        var inside = Enumerable.Range(0, 200).Select(_ => FreePort.Next()).Where(ephemeral.Contains).ToList();

        Assert.True(inside.Count == 0, $"{inside.Count} of 200 ports lie in the ephemeral range {ephemeral}: {string.Join(", ", inside.Take(10))}");
    }

    [Fact]
    public void Next_ManyThreadsAtOnce_NeverTheSamePortTwice()
    {
        var ports = new int[800];

        Parallel.For(0, ports.Length, i => ports[i] = FreePort.Next());

        var twice = ports.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"handed out more than once: {string.Join(", ", twice.Take(10))}");
    }

    [Fact]
    public void Next_OtherSocketsBindPortZeroAfterwards_NoneGetsAChosenPort()
    {
        // The CI failure: a test chose a node's API port, and before that node bound it, another
        // node's Akka remoting port (bound as 0) was given the same port. Here many sockets bind
        // port 0 while the chosen ports are still unbound; none may land on one of them.
        var chosen = Enumerable.Range(0, 100).Select(_ => FreePort.Next()).ToHashSet();
        var ephemeral = new List<Socket>();
        try
        {
            for (var i = 0; i < 3000; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                ephemeral.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                socket.Listen();
            }

            var taken = ephemeral.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).Where(chosen.Contains).ToList();
            Assert.True(taken.Count == 0, $"{taken.Count} chosen ports were given to a socket bound to port 0: {string.Join(", ", taken.Take(10))}");
        }
        finally
        {
            ephemeral.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void Next_PortClaimed_AnotherClaimantCannotLockIt()
    {
        var port = FreePort.Next();

        // What another test process running at the same time tries before it hands the port out.
        Assert.Throws<IOException>(() => new FileStream(TestPorts.LockPath(port), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
    }

    [Fact]
    public void Next_OnAnotherLoopbackAddress_BindableThere()
    {
        var address = IPAddress.Parse("127.0.0.57");

        var port = FreePort.Next(address);

        using var listener = new TcpListener(address, port);
        listener.Start();
        Assert.Equal(port, ((IPEndPoint)listener.LocalEndpoint).Port);
    }
}
