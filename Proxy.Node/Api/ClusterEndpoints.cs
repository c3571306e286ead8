using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Api;

/// <summary>
/// Akka Management's cluster HTTP API, in the JVM project's shape (the .NET package cannot start
/// here and has no cluster routes): members, leader, oldest, reachability, leave and down, and the
/// readiness and liveness checks. Who may call what is put on the endpoints: one route group for
/// the members (the token, when set) and one inside it for leave and down (refused while
/// read-only), so whatever routes to a handler, in any case or encoding, has passed its checks.
/// </summary>
public static class ClusterEndpoints
{
    public static void MapClusterApi(this IEndpointRouteBuilder api, ActorSystem system, ClusterApiAccess access, ClusterTls.ClusterTransportSecurityKind transport, ILogger logger)
    {
        var cluster = Cluster.Get(system);
        var members = api.MapGroup("/cluster/members");
        if (access.Token is { } token)
        {
            members.AddEndpointFilter(new ClusterTokenFilter(token, logger));
        }

        members.MapGet("", () => Results.Json(Members(cluster, transport)));
        members.MapGet("/{address}", (string address) =>
            Find(cluster, address) is { } member ? Results.Json(Describe(member, Proxy.Actors.Cluster.ClusterViewCell.Get(cluster.System).Current)) : NotFound(address));

        var changes = members.MapGroup("");
        if (access.ReadOnly)
        {
            changes.AddEndpointFilter(new ClusterReadOnlyFilter(logger));
        }

        changes.MapPut("/{address}", async (string address, HttpRequest request) =>
        {
            var form = request.HasFormContentType ? await request.ReadFormAsync().ConfigureAwait(false) : null;
            var operation = form?["operation"].ToString() ?? request.Query["operation"].ToString();
            return Operate(cluster, address, operation);
        });
        changes.MapDelete("/{address}", (string address) => Operate(cluster, address, "Leave"));
    }

    /// <summary>/ready and /alive: open to any caller and any Host, since load balancers and orchestrators probe them without credentials.</summary>
    public static void MapClusterProbes(this IEndpointRouteBuilder api, ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        api.MapGet("/alive", () => Results.Text("OK"));
        var formation = Proxy.Actors.Cluster.Formation.FormationStatusCell.Get(system);
        // A node forming through DNS says where it stands (an unresolvable name, the addresses it waits on).
        api.MapGet("/ready", () => cluster.SelfMember.Status == MemberStatus.Up
            ? Results.Text("OK")
            : Results.Text(
                $"not ready: this member is {cluster.SelfMember.Status}{(formation.Current is { } status ? $"; {status}" : "")}",
                statusCode: StatusCodes.Status503ServiceUnavailable));
    }

    private static object Members(Cluster cluster, ClusterTls.ClusterTransportSecurityKind transport)
    {
        var state = cluster.State;
        var view = Proxy.Actors.Cluster.ClusterViewCell.Get(cluster.System).Current;
        var oldest = state.Members.Where(m => m.Status == MemberStatus.Up).OrderBy(m => m, Akka.Cluster.Member.AgeOrdering).FirstOrDefault();
        return new
        {
            selfNode = cluster.SelfAddress.ToString(),
            // Beyond Akka Management's shape: whether strangers can join (docs/cluster.md#mutual-tls).
            transport = new { protocol = cluster.SelfAddress.Protocol, security = ClusterTls.ClusterTransportSecurity.Name(transport) },
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
        // A member of another build whose configuration shards this node does not read (docs/cluster.md, "Nodes of two builds").
        configRefused = view.Refused.GetValueOrDefault(Proxy.Actors.Cluster.ClusterNode.Id(member.Address)),
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
