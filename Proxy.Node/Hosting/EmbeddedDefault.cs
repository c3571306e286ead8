using System.Collections.Immutable;
using Proxy.Actors.Model.Config;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Hosting;

/// <summary>
/// What a node serves when no provider is configured: one catch-all router to
/// <c>whoami@internal</c>, so a newcomer's first request shows the whole path (entry point,
/// router, service) working before any backend exists.
/// </summary>
public static class EmbeddedDefault
{
    public const string Provider = "internal";

    public static DynamicConfig Config(IEnumerable<string> entryPoints) => DynamicConfig.Empty with
    {
        Routers = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        [
            KeyValuePair.Create("whoami", new RouterConfig(
                "PathPrefix(`/`)", [.. entryPoints], [], InternalServices.Whoami, 1)),
        ]),
    };
}
