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
}
