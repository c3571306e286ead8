using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// Splits what one node's providers discovered into <see cref="ShardCount"/> shards, and joins
/// them back. An object's shard depends only on its name, so a change to one container rewrites
/// one shard (about 1/16 of the provider), not all of them.
/// </summary>
public static class ConfigSharding
{
    /// <summary>Keeps each key of a 1,000-container provider far under DistributedData's frame size (figures in docs/cluster.md).</summary>
    public const int ShardCount = 16;

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    public static int ShardOf(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % ShardCount);
    }

    public static ImmutableArray<ConfigShard> Split(string node, long version, IReadOnlyCollection<ProviderSnapshot> providers)
    {
        var shards = ImmutableArray.CreateBuilder<ConfigShard>(ShardCount);
        for (var shard = 0; shard < ShardCount; shard++)
        {
            var parts = ImmutableArray.CreateBuilder<ProviderSnapshot>();
            foreach (var provider in providers.OrderBy(p => p.Provider, StringComparer.Ordinal))
            {
                var config = new DynamicConfig(
                    Slice(provider.Config.Routers, shard),
                    Slice(provider.Config.Services, shard),
                    Slice(provider.Config.Middlewares, shard),
                    shard == 0 ? provider.Config.Tls : null)
                {
                    ServersTransports = shard == 0 ? provider.Config.ServersTransports : DynamicConfig.Empty.ServersTransports,
                };
                // Shard 0 carries every provider, even an empty one, with its errors, its tls section and its servers transports: a provider
                // that lost all its objects must still replace what it reported before.
                if (shard == 0 || !IsEmpty(config))
                {
                    parts.Add(provider with
                    {
                        Config = config,
                        Errors = shard == 0 ? provider.Errors : [],
                        ReadFailed = shard == 0 && provider.ReadFailed,
                    });
                }
            }

            shards.Add(new ConfigShard(node, shard, version, parts.ToImmutable()));
        }

        return shards.MoveToImmutable();
    }

    /// <summary>
    /// One node's providers from its shards. A provider exists when shard 0 names it; pieces of a
    /// provider that shard 0 does not name are left over from before it was removed and dropped.
    /// </summary>
    public static ImmutableArray<ProviderSnapshot> Join(IEnumerable<ConfigShard> shards)
    {
        var all = shards.ToList();
        var first = all.FirstOrDefault(s => s.Shard == 0);
        if (first is null)
        {
            return [];
        }

        return [.. first.Providers.Select(head =>
        {
            var pieces = all.SelectMany(s => s.Providers).Where(p => p.Provider == head.Provider).ToList();
            return head with
            {
                Config = new DynamicConfig(
                    Union(pieces.Select(p => p.Config.Routers)),
                    Union(pieces.Select(p => p.Config.Services)),
                    Union(pieces.Select(p => p.Config.Middlewares)),
                    head.Config.Tls)
                {
                    ServersTransports = head.Config.ServersTransports,
                },
            };
        })];
    }

    private static bool IsEmpty(DynamicConfig config) =>
        config.Routers.IsEmpty && config.Services.IsEmpty && config.Middlewares.IsEmpty && config.Tls is null && config.ServersTransports.IsEmpty;

    private static ImmutableSortedDictionary<string, T> Slice<T>(ImmutableSortedDictionary<string, T> all, int shard) =>
        all.Where(e => ShardOf(e.Key) == shard).ToImmutableSortedDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static ImmutableSortedDictionary<string, T> Union<T>(IEnumerable<ImmutableSortedDictionary<string, T>> parts)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var (name, value) in part)
            {
                builder[name] = value;
            }
        }

        return builder.ToImmutable();
    }
}
