using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>
/// A DNS server on loopback UDP that answers one address family and fails the other, which dnsmasq cannot
/// be made to do (its AAAA filters answer "no record", not a failure): queries of <see cref="Answered"/>
/// get <see cref="Addresses"/>, the other family gets SERVFAIL or, with <see cref="Silent"/>, no answer at all.
/// </summary>
internal sealed class OneFamilyDnsServer : IDisposable
{
    private const ushort TypeA = 1;
    private const ushort TypeAaaa = 28;

    private readonly UdpClient _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    private OneFamilyDnsServer(AddressFamily answered, IPAddress[] addresses, bool silent)
    {
        Answered = answered;
        Addresses = addresses;
        Silent = silent;
        _socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        EndPoint = (IPEndPoint)_socket.Client.LocalEndPoint!;
        _serving = Task.Run(ServeAsync);
    }

    public AddressFamily Answered { get; }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public bool Silent { get; }

    public IPEndPoint EndPoint { get; }

    /// <param name="answered">The family answered; the other one fails.</param>
    /// <param name="silent">The other family gets no answer (a timeout) instead of SERVFAIL.</param>
    public static OneFamilyDnsServer Start(AddressFamily answered, bool silent, params IPAddress[] addresses) => new(answered, addresses, silent);

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The socket was closed under the pending receive: the server stops.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try
            {
                query = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (Reply(query.Buffer) is { } reply)
            {
                await _socket.SendAsync(reply, query.RemoteEndPoint, _stop.Token);
            }
        }
    }

    private byte[]? Reply(byte[] query)
    {
        // The question: a name of labels ending in a zero byte, then its type and class.
        var end = 12;
        while (query[end] != 0)
        {
            end += query[end] + 1;
        }

        end += 5;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(end - 4));
        var family = type == TypeA ? AddressFamily.InterNetwork : type == TypeAaaa ? AddressFamily.InterNetworkV6 : AddressFamily.Unknown;
        var fails = family != Answered;
        if (fails && Silent)
        {
            return null;
        }

        var answers = fails ? [] : Addresses.Where(a => a.AddressFamily == family).ToArray();
        using var reply = new MemoryStream();
        reply.Write(query.AsSpan(0, 2));
        // QR, the client's RD, RA; RCODE 2 (SERVFAIL) for the failing family.
        reply.Write([(byte)(0x80 | (query[2] & 0x01)), (byte)(0x80 | (fails ? 2 : 0))]);
        reply.Write([0, 1, 0, (byte)answers.Length, 0, 0, 0, 0]);
        reply.Write(query.AsSpan(12, end - 12));
        foreach (var address in answers)
        {
            var data = address.GetAddressBytes();
            // A pointer to the question's name, the type, class IN, TTL 0, the address.
            reply.Write([0xC0, 12, (byte)(type >> 8), (byte)type, 0, 1, 0, 0, 0, 0, 0, (byte)data.Length]);
            reply.Write(data);
        }

        return reply.ToArray();
    }
}
