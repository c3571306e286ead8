using System.Collections.Immutable;
using System.Text;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Proxy.Node.Hosting;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Services the node answers itself, as Traefik's <c>@internal</c> ones: <c>whoami@internal</c>
/// echoes the request as a backend would see it (what a newcomer requests first), and
/// <c>ping@internal</c> answers health checks of a load balancer in front of the node.
/// </summary>
public sealed class InternalServices(NodeLifecycle lifecycle)
{
    public const string Whoami = "whoami@internal";
    public const string Ping = "ping@internal";

    public static ImmutableSortedSet<string> Names { get; } = [Whoami, Ping];

    public Task HandleAsync(HttpContext context, string service, RouteTarget route) => service switch
    {
        Whoami => WhoamiAsync(context, route),
        Ping => lifecycle.WritePingAsync(context),
        _ => ErrorResponses.Write(context, 503),
    };

    private static Task WhoamiAsync(HttpContext context, RouteTarget route)
    {
        var request = context.Request;
        var text = new StringBuilder()
            .Append("Hostname: ").AppendLine(Environment.MachineName)
            .Append("Router: ").AppendLine(route.Router)
            .Append("RemoteAddr: ").Append(ClientAddress.Of(context)).Append(':').Append(context.Connection.RemotePort).AppendLine()
            .Append(request.Method).Append(' ').Append(request.Path).Append(request.QueryString).Append(' ').AppendLine(request.Protocol);
        foreach (var (name, values) in request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var value in values)
            {
                text.Append(name).Append(": ").AppendLine(value);
            }
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString());
    }
}
