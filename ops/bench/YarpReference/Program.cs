// The minimal YARP proxy that ops/bench/run.sh measures Proxy.Node against:
// one catch-all route, round robin over the backends given on the command line,
// configuration held in memory. Usage:
//   YarpReference --urls http://127.0.0.1:18092 --backends http://127.0.0.2:18081,http://127.0.0.3:18082
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
        Destinations = backends
            .Select((url, i) => (Key: $"b{i}", Value: new DestinationConfig { Address = url }))
            .ToDictionary(d => d.Key, d => d.Value),
    },
};

builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
return 0;
