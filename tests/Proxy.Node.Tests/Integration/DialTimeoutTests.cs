using System.Diagnostics;
using System.Net;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// <c>forwardingTimeouts.dialTimeout</c> against a connect that really hangs (<see cref="UnacceptedListener"/>): the
/// transport's short timeout answers the client soon, where the node's default (30 s) is still waiting.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class DialTimeoutTests
{
    // Far above the 1 s dial timeout, far below the default 30 s: a bound, not a measurement.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DialTimeout_ConnectHangs_TransportsTimeoutAnswers504_DefaultStillWaiting()
    {
        using var silent = await UnacceptedListener.StartAsync();
        var yaml = "http:\n  routers:\n"
            + "    quick:\n      rule: \"PathPrefix(`/quick`)\"\n      service: quick\n"
            + "    patient:\n      rule: \"PathPrefix(`/patient`)\"\n      service: patient\n"
            + "  services:\n"
            + "    quick:\n      loadBalancer:\n" + Yaml.Servers(silent.Url) + "        serversTransport: quick\n"
            + "    patient:\n      loadBalancer:\n" + Yaml.Servers(silent.Url)
            + "  serversTransports:\n    quick:\n      forwardingTimeouts:\n        dialTimeout: 1s\n";
        await using var node = await TestNode.StartAsync(yaml, "quick", "patient");

        using var giveUp = new CancellationTokenSource();
        var patient = node.Client.GetAsync("/patient", giveUp.Token);
        using var bound = new CancellationTokenSource(Bound);
        var watch = Stopwatch.StartNew();
        HttpResponseMessage quick;
        try
        {
            quick = await node.Client.GetAsync("/quick", bound.Token);
        }
        catch (OperationCanceledException)
        {
            giveUp.Cancel();
            throw new Xunit.Sdk.XunitException($"no answer within {Bound.TotalSeconds} s through a transport whose dialTimeout is 1s");
        }

        using (quick)
        {
            // A dial timeout is a timeout, as in Traefik: 504, not the 502 of a refused connection.
            Assert.Equal(HttpStatusCode.GatewayTimeout, quick.StatusCode);
        }

        // The same hanging connect through the default transport is still pending: the answer above is the dial timeout's.
        Assert.False(patient.IsCompleted, $"the request through the default transport (dialTimeout 30s) ended after {watch.Elapsed}");
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient);
    }

    /// <summary>
    /// A dial timeout proves the server never saw the request, like a refused connection: without a retry middleware
    /// the request goes to the other server (not a 504), and the hanging server's health hears of it.
    /// </summary>
    [Fact]
    public async Task DialTimeout_OneOfTwoServersHangs_NoRetryMiddleware_EveryRequestServedByTheOther()
    {
        using var silent = await UnacceptedListener.StartAsync();
        await using var live = await TestBackend.StartAsync("live", 2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(silent.Url, live.Url), loadBalancerExtra: "        serversTransport: quick\n")
            + "  serversTransports:\n    quick:\n      forwardingTimeouts:\n        dialTimeout: 1s\n";
        await using var node = await TestNode.StartAsync(yaml, "app");

        // The round robin sends one of the first two to the hanging server, before its failure holds it out.
        for (var i = 0; i < 4; i++)
        {
            using var bound = new CancellationTokenSource(Bound);
            using var response = await node.Client.GetAsync("/", bound.Token);
            Assert.Equal((HttpStatusCode.OK, "live"), (response.StatusCode, await response.Content.ReadAsStringAsync(bound.Token)));
        }

        await Eventually.TrueAsync(async () => await node.ServerFailuresAsync("app", silent.Url) >= 1, $"{silent.Url}'s health to hear of the dial timeout");
        Assert.Equal(4, live.Requests);
    }
}
