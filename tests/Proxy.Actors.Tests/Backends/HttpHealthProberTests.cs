using System.Collections.Immutable;
using System.Net;
using Proxy.Actors.Backends;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Support;
using Proxy.Tests.Ports;
using Xunit;

namespace Proxy.Actors.Tests.Backends;

public sealed class HttpHealthProberTests : IAsyncLifetime
{
    private HealthServer _server = null!;

    public async Task InitializeAsync() => _server = await HealthServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(200, null, true)]
    [InlineData(204, null, true)]
    [InlineData(302, null, true)]
    [InlineData(404, null, false)]
    [InlineData(500, null, false)]
    [InlineData(204, 204, true)]
    [InlineData(200, 204, false)]
    [InlineData(503, 503, true)]
    public async Task ProbeAsync_Status_AcceptedPerExpectedStatus(int status, int? expected, bool healthy)
    {
        _server.Status = status;

        var result = await Probe(Check(c => c with { Status = expected }));

        Assert.Equal(healthy, result.Healthy);
        Assert.StartsWith($"HTTP {status}", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_Failing_DetailNamesUrlAndExpectation()
    {
        _server.Status = 500;

        var result = await Probe(Check());

        Assert.Equal($"HTTP 500 from {_server.Url}health, expected 2xx or 3xx", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_HostnameHeadersAndMethod_SentToServer()
    {
        var check = Check(c => c with
        {
            Path = "/vhost",
            Hostname = "health.local",
            Method = "HEAD",
            Headers = ImmutableSortedDictionary<string, string>.Empty.Add("X-Probe", "yes"),
        });

        Assert.True((await Probe(check)).Healthy);
        Assert.False((await Probe(new HealthCheckSpec(check.Options with { Headers = ImmutableSortedDictionary<string, string>.Empty }))).Healthy);
    }

    [Fact]
    public async Task ProbeAsync_NoAnswerWithinTimeout_Unhealthy()
    {
        var result = await Probe(Check(c => c with { Path = "/slow", Timeout = "200ms" }));

        Assert.False(result.Healthy);
        Assert.Equal($"no answer from {_server.Url}slow within 200ms", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ConnectionRefused_Unhealthy()
    {
        var result = await new HttpHealthProber(new HttpMessageInvoker(new SocketsHttpHandler()))
            .ProbeAsync(new Uri($"http://127.0.0.1:{ClosedPort()}"), Check(), CancellationToken.None);

        Assert.False(result.Healthy);
        Assert.Contains("127.0.0.1", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_H2cServer_ProbesInHttp2WithPriorKnowledge()
    {
        await using var h2c = await H2cOnlyServer.StartAsync();

        var overH2c = await HealthServer.Prober().ProbeAsync(new Uri($"h2c://127.0.0.1:{h2c.Port}"), Check(), CancellationToken.None);
        // The same server probed as plain http: HTTP/1.1 finds no server there, so the first probe's success is the h2c's.
        var overHttp11 = await HealthServer.Prober().ProbeAsync(new Uri($"http://127.0.0.1:{h2c.Port}"), Check(), CancellationToken.None);

        Assert.True(overH2c.Healthy, overH2c.Detail);
        Assert.Equal(["HTTP/2"], h2c.Protocols);
        Assert.False(overHttp11.Healthy, overHttp11.Detail);
    }

    [Fact]
    public async Task ProbeAsync_CheckSchemeH2cOnHttpServer_ProbesInHttp2()
    {
        await using var h2c = await H2cOnlyServer.StartAsync();

        var result = await HealthServer.Prober().ProbeAsync(
            new Uri($"http://127.0.0.1:{h2c.Port}"), Check(c => c with { Scheme = "h2c" }), CancellationToken.None);

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal(["HTTP/2"], h2c.Protocols);
    }

    private Task<ProbeResult> Probe(HealthCheckSpec check) =>
        HealthServer.Prober().ProbeAsync(_server.Url, check, CancellationToken.None);

    private static HealthCheckSpec Check() => HealthServer.Check(TimeSpan.FromSeconds(1));

    private static HealthCheckSpec Check(Func<HealthCheckConfig, HealthCheckConfig> change) => new(change(Check().Options));

    // Claimed for nobody, outside the ephemeral range: nothing listens there afterwards.
    private static int ClosedPort() => TestPorts.Next(IPAddress.Loopback);
}
