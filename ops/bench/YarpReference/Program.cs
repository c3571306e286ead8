// The minimal YARP proxy that ops/bench/run.sh measures Proxy.Node against:
// one catch-all route, round robin over the backends given on the command line,
// configuration held in memory. Usage:
//   YarpReference --urls http://127.0.0.1:18092 --backends http://127.0.0.2:18081,http://127.0.0.3:18082
// and, for ops/bench/run.sh https, a TLS listener with a PEM certificate (TLS 1.3 only, as the
// nginx and HAProxy it is compared with there; the backends are still reached over HTTP/1.1):
//   YarpReference --urls https://127.0.0.1:18192 --backends ... --tls-cert server.pem --tls-key server.key
// and, for ops/bench/run.sh grpc, backends spoken to in HTTP/2 without TLS (h2c, a gRPC server), named the way
// this proxy's configuration names them, which YARP writes as http:// with HTTP/2 required:
//   YarpReference --urls https://127.0.0.1:18192 --backends h2c://127.0.0.4:18083 --tls-cert ... --tls-key ...
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;

var builder = WebApplication.CreateBuilder(args);

// YARP logs every forwarded request at Information; console logging would then
// be what the benchmark measures.
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var backends = (builder.Configuration["backends"] ?? "")
    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
if (backends.Length == 0)
{
    Console.Error.WriteLine("YarpReference: pass --backends http://host:port[,http://host:port...]");
    return 2;
}

var h2c = backends.Count(url => url.StartsWith("h2c://", StringComparison.OrdinalIgnoreCase));
if (h2c != 0 && h2c != backends.Length)
{
    Console.Error.WriteLine("YarpReference: --backends are all h2c:// or none (one cluster, one protocol)");
    return 2;
}

var tlsCert = builder.Configuration["tls-cert"];
var tlsKey = builder.Configuration["tls-key"];
if ((tlsCert is null) != (tlsKey is null))
{
    Console.Error.WriteLine("YarpReference: --tls-cert and --tls-key go together (PEM certificate and its PEM key)");
    return 2;
}
if (tlsCert is not null && tlsKey is not null)
{
    // Kestrel's own HTTPS, configured the way a YARP user would: the certificate for every
    // https:// address in --urls. ALPN stays at Kestrel's default (h2, http/1.1); wrk and ab
    // offer none, so they speak HTTP/1.1 to it as to the other targets.
    var certificate = X509Certificate2.CreateFromPemFile(tlsCert, tlsKey);
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
    {
        https.ServerCertificate = certificate;
        https.SslProtocols = SslProtocols.Tls13;
    }));
}

var routes = new[]
{
    new RouteConfig
    {
        RouteId = "all",
        ClusterId = "backends",
        Match = new RouteMatch { Path = "{**catch-all}" },
    },
};
var clusters = new[]
{
    new ClusterConfig
    {
        ClusterId = "backends",
        LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
        // HTTP/2 with prior knowledge on a plain connection: YARP's documented setting for h2c destinations.
        HttpRequest = h2c == 0 ? null : new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig
        {
            Version = System.Net.HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        },
        Destinations = backends
            .Select((url, i) => (Key: $"b{i}", Value: new DestinationConfig { Address = h2c == 0 ? url : "http://" + url["h2c://".Length..] }))
            .ToDictionary(d => d.Key, d => d.Value),
    },
};

builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
return 0;
