using System.Collections.Immutable;
using Proxy.Actors.Model.Config;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>Reads one <c>http.services.&lt;name&gt;</c> entry; null when anything in it is wrong.</summary>
internal static class ServiceParser
{
    /// <summary>Traefik's other service kinds: named in the error so the operator knows it is not a typo.</summary>
    private static readonly string[] UnsupportedKinds = ["weighted", "mirroring", "failover"];

    public static ServiceConfig? Parse(YamlNode node, string path, ErrorScope errors)
    {
        if (YamlFields.Open(node, path, errors) is not { } fields)
        {
            return null;
        }

        var loadBalancerKey = fields.Key("loadBalancer");
        var loadBalancer = fields.Object("loadBalancer") is { } lb ? ParseLoadBalancer(lb) : null;
        var hasOtherKind = false;
        foreach (var kind in UnsupportedKinds)
        {
            if (fields.Key(kind) is { } key)
            {
                hasOtherKind = true;
                errors.Report(fields.Child(kind), key, $"service kind '{kind}' is not supported (only loadBalancer is)");
            }
        }

        fields.RejectUnknown();
        if (loadBalancerKey is null && !hasOtherKind && !errors.HasErrors)
        {
            errors.Report(path, node, "a service needs a loadBalancer");
        }

        return errors.HasErrors ? null : new ServiceConfig(loadBalancer);
    }

    private static LoadBalancerConfig ParseLoadBalancer(YamlFields fields)
    {
        var loadBalancer = new LoadBalancerConfig(
            Servers: ParseServers(fields),
            PassHostHeader: fields.Bool("passHostHeader"),
            HealthCheck: fields.Object("healthCheck") is { } health ? ParseHealthCheck(health) : null,
            PassiveHealthCheck: fields.Object("passiveHealthCheck") is { } passive ? ParsePassiveHealthCheck(passive) : null);
        fields.RejectUnknown();
        return loadBalancer;
    }

    private static ImmutableArray<ServerConfig> ParseServers(YamlFields fields)
    {
        if (fields.Node("servers") is not { } node)
        {
            return [];
        }

        var path = fields.Child("servers");
        if (node is not YamlSequenceNode sequence)
        {
            fields.Report(path, node, $"expected a list of servers, got {YamlValues.Describe(node)}");
            return [];
        }

        var servers = ImmutableArray.CreateBuilder<ServerConfig>();
        var index = 0;
        foreach (var item in sequence)
        {
            if (fields.Nested(item, $"{path}[{index}]") is { } server)
            {
                servers.Add(new ServerConfig(Url: server.String("url"), Weight: server.Int("weight")));
                server.RejectUnknown();
            }

            index++;
        }

        return servers.ToImmutable();
    }

    private static HealthCheckConfig ParseHealthCheck(YamlFields fields)
    {
        var healthCheck = new HealthCheckConfig(
            Path: fields.String("path"),
            Interval: fields.String("interval"),
            Timeout: fields.String("timeout"),
            Scheme: fields.String("scheme"),
            Hostname: fields.String("hostname"),
            Port: fields.Int("port"),
            Headers: fields.StringMap("headers"),
            Method: fields.String("method"),
            Status: fields.Int("status"),
            FailureThreshold: fields.Int("failureThreshold"),
            SuccessThreshold: fields.Int("successThreshold"),
            InitialState: fields.String("initialState"));
        fields.RejectUnknown();
        return healthCheck;
    }

    private static PassiveHealthCheckConfig ParsePassiveHealthCheck(YamlFields fields)
    {
        var passive = new PassiveHealthCheckConfig(
            MaxFailedAttempts: fields.Int("maxFailedAttempts"),
            FailureWindow: fields.String("failureWindow"),
            Cooldown: fields.String("cooldown"));
        fields.RejectUnknown();
        return passive;
    }
}
