using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Proxy.Fuzz.Inputs;

namespace Proxy.Fuzz.Targets;

/// <summary>
/// Raw HTTP/1.1 on a node's entry point: each input on a connection of its own, sent, then the
/// sending side closed (so a request cut short is one the node sees end). Within a second the node
/// must answer and close: every response a status below 500 (a client's mistake is a 4xx, never
/// a 5xx), or a connection closed without a response where HTTP leaves nothing to say. A refused
/// connection means the node died on the previous input.
/// </summary>
/// <remarks>
/// One 5xx is HTTP's own answer to a client: 505 when a request line names no version Kestrel
/// knows (<c>HTTP/2.0</c>, <c>HTP/1.0</c>, none at all, also in a pipelined second request).
/// Kestrel sends it from its parser, before the node sees a request, and sends it for nothing
/// else; RFC 9112 would allow 400 for a malformed version, but 505 is not a server failure.
/// </remarks>
public sealed partial class RawHttpTarget(IPEndPoint entryPoint)
{
    private string _previous = "";

    /// <summary>Responses seen, by status code; for the run's figures.</summary>
    public SortedDictionary<int, long> Statuses { get; } = [];

    public long ClosedWithoutResponse { get; private set; }

    public FuzzRun.Outcome Check(string request)
    {
        var previous = _previous;
        _previous = request;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, LingerState = new LingerOption(true, 0) };
        using var deadline = new CancellationTokenSource(FuzzRun.PerInput);
        try
        {
            socket.ConnectAsync(entryPoint, deadline.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (SocketException e)
        {
            return FuzzRun.Outcome.Fail($"cannot connect ({e.SocketErrorCode}): the node is down after the previous input {FuzzRun.Show(previous)}");
        }

        try
        {
            socket.SendAsync(HttpInputs.Bytes(request), SocketFlags.None, deadline.Token).AsTask().GetAwaiter().GetResult();
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The node answered and closed before it had read everything, as it may on a bad request.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).AsTask().GetAwaiter().GetResult()) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            return FuzzRun.Outcome.Fail($"no answer and no close within {FuzzRun.PerInput.TotalSeconds:F0} s (hang); received {Describe(received)}");
        }
        catch (SocketException)
        {
            // Reset after the answer: what arrived before it is judged below.
        }

        var text = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
        var statuses = StatusLine().Matches(text).Select(m => int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (statuses.Count == 0)
        {
            if (text.Length > 0)
            {
                return FuzzRun.Outcome.Fail($"answered something that is not an HTTP response: {Describe(received)}");
            }

            ClosedWithoutResponse++;
            return FuzzRun.Outcome.Error;
        }

        foreach (var status in statuses)
        {
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
        }

        return statuses.FirstOrDefault(s => s >= 500 && s != 505) is var server and > 0
            ? FuzzRun.Outcome.Fail($"answered {server} to a client's request: {Describe(received)}")
            : statuses.Any(s => s >= 400) ? FuzzRun.Outcome.Error : FuzzRun.Outcome.Accepted;
    }

    private static string Describe(MemoryStream received) =>
        received.Length == 0 ? "nothing" : FuzzRun.Show(Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)Math.Min(received.Length, 600)));

    // A status line at the start of the stream or of a line: pipelined responses each have one.
    [GeneratedRegex(@"(?:^|\r\n)HTTP/1\.[01] (\d{3}) ")]
    private static partial Regex StatusLine();
}
