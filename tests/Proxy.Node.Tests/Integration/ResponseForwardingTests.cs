using System.Diagnostics;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// <c>responseForwarding.flushInterval</c> measured end to end: a real Kestrel server writes a body in pieces at
/// known times (<c>/pieces</c>), the node forwards it, and the client notes when each piece arrives. The bounds leave
/// room for a loaded two-core machine; what they tell apart is "sent on at once" from "held for the interval".
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ResponseForwardingTests
{
    // A piece sent on at once reaches the client well within this of its write, even on a busy machine.
    private static readonly TimeSpan AtOnce = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task FlushInterval_DefaultEventStream_EachEventArrivesAsWritten()
    {
        var delays = await MeasureAsync(flushInterval: null, eventStream: true, sized: false, gapsMs: [1000, 1000]);

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, AtOnce));
    }

    [Fact]
    public async Task FlushInterval_LongIntervalEventStreamWithContentLength_EventsStillSentAtOnce()
    {
        // Traefik (Go's ReverseProxy) ignores the interval for text/event-stream. The length is given so that the
        // rule for bodies of unknown length cannot send them on instead: only the event-stream rule does.
        var delays = await MeasureAsync(flushInterval: "2s", eventStream: true, sized: true, gapsMs: [1000, 1000]);

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, AtOnce));
    }

    [Fact]
    public async Task FlushInterval_NegativeWithContentLength_EachPieceArrivesAsWritten()
    {
        // Every piece but the last would wait at least 100 ms with the default (the timer cannot fire sooner), 10 s
        // if the magnitude were taken: sent on at once, some arrive well under that even on a busy machine.
        var delays = await MeasureAsync(flushInterval: "-10s", eventStream: false, sized: true, gapsMs: [300, 300, 300, 300, 300]);

        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, AtOnce));
        Assert.Contains(delays[..^1], delay => delay < TimeSpan.FromMilliseconds(80));
    }

    [Fact]
    public async Task FlushInterval_DefaultWithContentLength_PiecesWaitAtMostTheInterval()
    {
        var delays = await MeasureAsync(flushInterval: null, eventStream: false, sized: true, gapsMs: [1000, 1000]);

        // 100 ms at most, and the margin of a busy machine.
        Assert.All(delays, delay => Assert.InRange(delay, TimeSpan.Zero, AtOnce + TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task FlushInterval_LongIntervalWithContentLength_PiecesHeldUntilTheInterval()
    {
        // Pieces at 0 and 0.5 s, the last at 4.5 s: the first two wait for the interval that the first one started
        // (2 s), and go together, well before the body's end would have sent them.
        var delays = await MeasureAsync(flushInterval: "2s", eventStream: false, sized: true, gapsMs: [500, 4000]);

        Assert.InRange(delays[0], TimeSpan.FromMilliseconds(1800), TimeSpan.FromMilliseconds(2000) + AtOnce);
        Assert.InRange(delays[1], TimeSpan.FromMilliseconds(1300), TimeSpan.FromMilliseconds(1500) + AtOnce);
        // The last piece ends the body: sent on at once.
        Assert.InRange(delays[2], TimeSpan.Zero, AtOnce);
    }

    /// <summary>How long after its write each piece of a <c>/pieces</c> answer reached the client through a node.</summary>
    private static async Task<TimeSpan[]> MeasureAsync(string? flushInterval, bool eventStream, bool sized, int[] gapsMs)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        var extra = flushInterval is null ? "" : $"        responseForwarding:\n          flushInterval: \"{flushInterval}\"\n";
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url), loadBalancerExtra: extra), "app");
        var target = $"/pieces?gapsMs={string.Join(',', gapsMs)}" + (eventStream ? "&sse" : "") + (eventStream && sized ? "&sized" : "");

        using var response = await node.Client.GetAsync(target, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal(sized, response.Content.Headers.ContentLength is not null);
        await using var body = await response.Content.ReadAsStreamAsync();
        var count = gapsMs.Length + 1;
        var arrivals = new List<long>();
        var received = new List<byte>();
        var buffer = new byte[1024];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            var now = Stopwatch.GetTimestamp();
            received.AddRange(buffer.AsSpan(0, read));
            while (arrivals.Count < received.Count / TestBackend.PieceLength)
            {
                arrivals.Add(now);
            }
        }

        Assert.Equal(Enumerable.Range(0, count).SelectMany(TestBackend.Piece), received);
        var writes = a.PieceWrites;
        Assert.Equal(count, writes.Count);
        return [.. writes.Zip(arrivals, (written, arrived) => Stopwatch.GetElapsedTime(written, arrived))];
    }
}
