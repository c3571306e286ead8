using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Proxy.Node.Api;

/// <summary>
/// Akka Management's cluster HTTP API, in the JVM project's shape (the .NET package cannot start
/// here and has no cluster routes): members, leader, oldest, reachability, leave and down, and the
/// readiness and liveness checks. Served on the API listener.
/// </summary>
public static class ClusterEndpoints
{
    public static void MapClusterApi(this IEndpointRouteBuilder api, ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        api.MapGet("/cluster/members", () => Results.Json(Members(cluster)));
        api.MapGet("/cluster/members/{address}", (string address) =>
            Find(cluster, address) is { } member ? Results.Json(Describe(member, Proxy.Actors.Cluster.ClusterViewCell.Get(cluster.System).Current)) : NotFound(address));
        api.MapPut("/cluster/members/{address}", async (string address, HttpRequest request) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync().ConfigureAwait(false) : null;
            var operation = form?["operation"].ToString() ?? request.Query["operation"].ToString();
            return Operate(cluster, address, operation);
        });
        api.MapDelete("/cluster/members/{address}", (string address) => Operate(cluster, address, "Leave"));
        api.MapGet("/alive", () => Results.Text("OK"));
        api.MapGet("/ready", () => cluster.SelfMember.Status == MemberStatus.Up
            ? Results.Text("OK")
            : Results.Text($"not ready: this member is {cluster.SelfMember.Status}", statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    private static object Members(Cluster cluster)
    {
        var state = cluster.State;
        var view = Proxy.Actors.Cluster.ClusterViewCell.Get(cluster.System).Current;
        var oldest = state.Members.Where(m => m.Status == MemberStatus.Up).OrderBy(m => m, Akka.Cluster.Member.AgeOrdering).FirstOrDefault();
        return new
        {
            selfNode = cluster.SelfAddress.ToString(),
            leader = state.Leader?.ToString(),
            oldest = oldest?.Address.ToString(),
            // Which members observed the unreachability is internal to Akka.NET's gossip; the JVM
            // shape's observedBy is left out rather than guessed.
            unreachable = state.Unreachable.Select(m => new { node = m.Address.ToString() }).ToArray(),
            members = state.Members.Select(m => Describe(m, view)).ToArray(),
            // Nodes no longer members whose discovered servers still serve (cluster.removedgrace).
            removed = view.Removed.Select(r => new { node = r.Key, removedAt = r.Value }).ToArray(),
        };
    }

    private static object Describe(Member member, Proxy.Actors.Cluster.ClusterView view) => new
    {
        node = member.Address.ToString(),
        nodeUid = member.UniqueAddress.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        status = member.Status.ToString(),
        roles = member.Roles.Order(StringComparer.Ordinal).ToArray(),
        proxy = view.Nodes.TryGetValue(Proxy.Actors.Cluster.ClusterNode.Id(member.Address), out var status) ? ProxyView(status) : null,
    };

    /// <summary>Beyond Akka Management's shape: what the member's providers watch and which configuration it published.</summary>
    private static object ProxyView(Proxy.Actors.Cluster.NodeStatus status) => new
    {
        configVersion = status.ConfigVersion,
        publishedAt = status.PublishedAt,
        dockerHosts = status.Sources
            .Where(s => s.Provider == Proxy.Discovery.Docker.DockerProviderSettings.ProviderName)
            .Select(s => new { endpoint = s.Source, connected = s.Connected, containers = s.Items, error = s.LastError })
            .ToArray(),
    };

    private static IResult Operate(Cluster cluster, string address, string operation)
    {
        if (Find(cluster, address) is not { } member)
        {
            return NotFound(address);
        }

        switch (operation)
        {
            case "Leave":
                cluster.Leave(member.Address);
                return Results.Json(new { message = $"Leaving {member.Address}" });
            case "Down":
                cluster.Down(member.Address);
                return Results.Json(new { message = $"Downing {member.Address}" });
            default:
                return Results.Json(new { message = $"operation must be Leave or Down, got '{operation}'" }, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Members are named by their full address (<c>akka.tcp://proxy@host:port</c>) or by <c>host:port</c>.</summary>
    private static Member? Find(Cluster cluster, string routeValue)
    {
        // Routing leaves %2F encoded in a route value, and a full address has two slashes.
        var address = Uri.UnescapeDataString(routeValue);
        return cluster.State.Members.FirstOrDefault(m =>
            m.Address.ToString() == address
            || $"{m.Address.Host}:{m.Address.Port}" == address
            || m.Address.ToString().EndsWith("@" + address, StringComparison.Ordinal));
    }

    private static IResult NotFound(string address) =>
        Results.Json(new { message = $"No member found with address {address}" }, statusCode: StatusCodes.Status404NotFound);
}
