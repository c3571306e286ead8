using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Proxy.Actors.Tls;
using Proxy.Node.Tests.Integration.Https;
using Proxy.Node.Tests.ProxyProtocol;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A real node's entry point behind a load balancer that speaks the PROXY protocol, played by a real socket
/// that writes the header (v1 or v2) and then plain HTTP or TLS: what the backend, the access log and the
/// ClientIP rule see of the client, from a trusted peer and from one that is not. The peer is 127.0.0.1.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ProxyProtocolTests
{
    private const string Trusted = "--entrypoints.web.proxyprotocol.trustedips=10.0.0.0/8,127.0.0.1";
    private const string NotTrusted = "--entrypoints.web.proxyprotocol.trustedips=10.0.0.0/8";

    private static readonly byte[] V1 = Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 10.0.0.2 51234 80\r\n");

    [Fact]
    public async Task ProxyProtocol_V1FromTrustedPeer_BackendAndAccessLogSeeHeaderClient()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var log = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-proxyprotocol-").FullName, "access.log");
        await using (var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(backend.Url)), ["app"], [Trusted, "--accesslog=true", $"--accesslog.filepath={log}", "--accesslog.format=json"]))
        {
            Assert.Equal(200, await ProxyProtocolClient.SendAsync(node.WebPort, V1));
        }

        var seen = Assert.Single(backend.Received);
        Assert.Equal("203.0.113.7", seen.Headers["X-Forwarded-For"]);
        Assert.Equal("203.0.113.7", seen.Headers["X-Real-Ip"]);
        var line = Assert.Single(await File.ReadAllLinesAsync(log));
        Assert.Equal("203.0.113.7", JsonDocument.Parse(line).RootElement.GetProperty("ClientHost").GetString());
    }

    [Fact]
    public async Task ProxyProtocol_V2Ipv6WithTlvsFromTrustedPeer_BackendSeesHeaderClient()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), ["app"], [Trusted]);
        var header = ProxyHeaderBytes.V2(IPEndPoint.Parse("[2001:db8::7]:40000"), IPEndPoint.Parse("[2001:db8::1]:80"), tlvs: ProxyHeaderBytes.SomeTlvs());

        Assert.Equal(200, await ProxyProtocolClient.SendAsync(node.WebPort, header));

        Assert.Equal("2001:db8::7", Assert.Single(backend.Received).Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task ProxyProtocol_V2Ipv4AndLocalAndNoHeaderFromTrustedPeer_EachAsTheProtocolSays()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), ["app"], [Trusted]);
        var client = IPEndPoint.Parse("198.51.100.9:5000");
        var destination = IPEndPoint.Parse("10.0.0.2:80");

        Assert.Equal(200, await ProxyProtocolClient.SendAsync(node.WebPort, ProxyHeaderBytes.V2(client, destination)));
        // LOCAL (a load balancer's own health check) and no header at all: the peer is the client.
        Assert.Equal(200, await ProxyProtocolClient.SendAsync(node.WebPort, ProxyHeaderBytes.V2(client, destination, local: true)));
        Assert.Equal(200, await ProxyProtocolClient.SendAsync(node.WebPort, []));

        Assert.Equal(["198.51.100.9", "127.0.0.1", "127.0.0.1"], backend.Received.Select(r => r.Headers["X-Forwarded-For"]));
    }

    [Fact]
    public async Task ProxyProtocol_HeaderThenTls_BackendSeesHeaderClientOverHttps()
    {
        using var lab = new HttpsLab();
        await using var backend = await TestBackend.StartAsync("b", 2);
        var yaml = "http:\n  routers:\n    a:\n      rule: \"Host(`a.test`)\"\n      service: app\n      tls: {}\n"
            + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(backend.Url)
            + HttpsLab.TlsSection([lab.Server("a", "a.test")]);
        await using var node = await TestNode.StartAsync(yaml, ["a"], [Trusted]);
        await Eventually.TrueAsync(
            () => node.Services.GetRequiredService<CertificateCell>().Current.Match("a.test") is not null, "the certificate to reach the handshakes");

        Assert.Equal(200, await ProxyProtocolClient.SendTlsAsync(node.WebPort, V1, "a.test"));
        Assert.Equal(200, await ProxyProtocolClient.SendTlsAsync(
            node.WebPort, ProxyHeaderBytes.V2(IPEndPoint.Parse("[2001:db8::9]:1"), IPEndPoint.Parse("[2001:db8::1]:443")), "a.test"));

        Assert.Equal(["203.0.113.7", "2001:db8::9"], backend.Received.Select(r => r.Headers["X-Forwarded-For"]));
        Assert.All(backend.Received, r => Assert.Equal("https", r.Headers["X-Forwarded-Proto"]));
    }

    [Fact]
    public async Task ProxyProtocol_HeaderFromUntrustedPeer_DroppedAndThePeerKeepsItsOwnAddress()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), ["app"], [NotTrusted]);

        Assert.Equal(200, await ProxyProtocolClient.SendAsync(node.WebPort, V1));
        Assert.Equal(200, await ProxyProtocolClient.SendAsync(node.WebPort, ProxyHeaderBytes.V2(IPEndPoint.Parse("203.0.113.7:1"), IPEndPoint.Parse("10.0.0.2:80"))));

        Assert.Equal(["127.0.0.1", "127.0.0.1"], backend.Received.Select(r => r.Headers["X-Forwarded-For"]));
    }

    [Theory]
    [InlineData(Trusted, 200)]
    [InlineData(NotTrusted, 404)]
    public async Task ProxyProtocol_ClientIpRule_MatchesTheHeaderClientOnlyFromATrustedPeer(string flag, int expected)
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        var yaml = Yaml.SingleRoute(Yaml.Servers(backend.Url)).Replace("PathPrefix(`/`)", "ClientIP(`203.0.113.0/24`)", StringComparison.Ordinal);
        await using var node = await TestNode.StartAsync(yaml, ["app"], [flag]);

        Assert.Equal(expected, await ProxyProtocolClient.SendAsync(node.WebPort, V1));
    }

    [Fact]
    public async Task ProxyProtocol_EntryPointWithoutIt_HeaderIsNotReadAndTheRequestRefused()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), "app");

        Assert.Equal(400, await ProxyProtocolClient.SendAsync(node.WebPort, V1));
        Assert.Equal(0, backend.Requests);
    }

    [Fact]
    public async Task ProxyProtocol_MalformedHeaderFromTrustedPeer_ClosedLoggedAndTheNodeServes()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        using var node = await FileNodeProcess.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), _ => [Trusted]);
        var port = node.Client.BaseAddress!.Port;

        Assert.Null(await ProxyProtocolClient.SendAsync(port, Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7 10.0.0.2 99999 80\r\n")));
        Assert.Null(await ProxyProtocolClient.SendAsync(port, ProxyHeaderBytes.V2Raw(0x21, 0x11, [], declaredLength: 65535)));
        Assert.Equal(200, await ProxyProtocolClient.SendAsync(port, V1));

        await Eventually.TrueAsync(
            () => Task.FromResult(node.Process.Output.Contains(
                "Entry point web: closed the connection of 127.0.0.1:", StringComparison.Ordinal)
                && node.Process.Output.Contains(
                    "malformed PROXY protocol header: v1: ports \"99999\" and \"80\" must be decimal numbers from 0 to 65535", StringComparison.Ordinal)),
            "the malformed header's log line");
        // The last request only: the process's start-up check went through the backend too.
        Assert.Equal("203.0.113.7", backend.Received.Last().Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task ProxyProtocol_HeaderDribbledByteByByte_ClosedAtTheHeaderDeadlineWhileOthersServe()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        using var node = await FileNodeProcess.StartAsync(Yaml.SingleRoute(Yaml.Servers(backend.Url)), _ => [Trusted]);
        var port = node.Client.BaseAddress!.Port;

        // The start of a header, then nothing: a slow-loris peer.
        var slow = ProxyProtocolClient.TimeUntilClosedAsync(port, Encoding.ASCII.GetBytes("PROXY TCP4 203.0.113.7"), TimeSpan.FromSeconds(30));
        Assert.Equal(200, await ProxyProtocolClient.SendAsync(port, V1));
        var (elapsed, received) = await slow;

        Assert.Equal("", received);
        // Ten seconds from the first byte, checked on Kestrel's one-second heartbeat.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(14));
        await Eventually.TrueAsync(
            () => Task.FromResult(node.Process.Output.Contains(
                "its PROXY protocol header was not complete 00:00:10 after its first byte", StringComparison.Ordinal)),
            "the slow header's log line");
    }
}
