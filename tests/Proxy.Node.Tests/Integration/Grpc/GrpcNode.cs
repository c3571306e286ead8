using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Proxy.Actors.Tls;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration.Grpc;

/// <summary>
/// What most gRPC tests stand on: a real node whose TLS router for <see cref="Host"/> forwards to one h2c gRPC
/// server ("b1"), and a client channel to the node over TLS. The pieces for a test that needs another set-up too.
/// </summary>
internal sealed class GrpcNode : IAsyncDisposable
{
    public const string Host = "grpc.test";

    private readonly HttpsLab _lab;

    private GrpcNode(HttpsLab lab, GrpcBackend backend, TestNode node)
    {
        _lab = lab;
        Backend = backend;
        Node = node;
        Channel = GrpcClient.Tls(Host, node.WebPort, lab.Ca);
        Client = new Echo.Echo.EchoClient(Channel);
    }

    public GrpcBackend Backend { get; }

    public TestNode Node { get; }

    public GrpcChannel Channel { get; }

    public Echo.Echo.EchoClient Client { get; }

    public static async Task<GrpcNode> StartAsync()
    {
        var lab = new HttpsLab();
        GrpcBackend? backend = null;
        try
        {
            backend = await GrpcBackend.StartAsync("b1");
            var node = await StartNodeAsync(lab, Config(lab, Yaml.Servers(backend.Url)));
            return new GrpcNode(lab, backend, node);
        }
        catch
        {
            if (backend is not null)
            {
                await backend.DisposeAsync();
            }

            lab.Dispose();
            throw;
        }
    }

    /// <summary>Router "grpc" (TLS, <see cref="Host"/>) and router "plain" (plain.test) to service "grpc" of <paramref name="servers"/>.</summary>
    public static string Config(HttpsLab lab, string servers, string routerExtra = "", string loadBalancerExtra = "", string middlewares = "") =>
        "http:\n  routers:\n"
        + $"    grpc:\n      rule: \"Host(`{Host}`)\"\n      service: grpc\n      tls: {{}}\n{routerExtra}"
        + "    plain:\n      rule: \"Host(`plain.test`)\"\n      service: grpc\n"
        + "  services:\n    grpc:\n      loadBalancer:\n" + servers + loadBalancerExtra
        + middlewares
        + HttpsLab.TlsSection([lab.Server("grpc", Host)]);

    /// <summary>A node of <paramref name="yaml"/>, once both routers serve and its certificate reached the handshakes.</summary>
    public static async Task<TestNode> StartNodeAsync(HttpsLab lab, string yaml, params string[] flags)
    {
        var node = await TestNode.StartAsync(yaml, ["grpc", "plain"], flags);
        await Eventually.TrueAsync(
            () => node.Services.GetRequiredService<CertificateCell>().Current.Match(Host) is not null, "the certificate to reach the handshakes");
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Node.DisposeAsync();
        await Backend.DisposeAsync();
        _lab.Dispose();
    }
}
