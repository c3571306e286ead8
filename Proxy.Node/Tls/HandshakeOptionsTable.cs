using System.Collections.Frozen;
using System.Collections.Immutable;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// Which <c>tls.options</c> a handshake uses, by entry point and server name, as Traefik chooses them: the
/// options of the TLS routers whose <c>Host(...)</c> names that host on that entry point, else <c>default</c>.
/// Routers that name different options for one host make that host use <c>default</c> (Traefik logs
/// it too), listed in <see cref="Conflicts"/>.
/// </summary>
internal sealed class HandshakeOptionsTable
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, HandshakeProfile>> _byEntryPoint;

    private HandshakeOptionsTable(
        FrozenDictionary<string, FrozenDictionary<string, HandshakeProfile>> byEntryPoint,
        HandshakeProfile defaultProfile,
        ImmutableArray<string> conflicts,
        ImmutableArray<string> problems)
    {
        _byEntryPoint = byEntryPoint;
        Default = defaultProfile;
        Conflicts = conflicts;
        Problems = problems;
    }

    public static HandshakeOptionsTable Empty { get; } = new(
        FrozenDictionary<string, FrozenDictionary<string, HandshakeProfile>>.Empty, HandshakeProfile.Default, [], []);

    public HandshakeProfile Default { get; }

    /// <summary>One line per host whose routers disagree on their options.</summary>
    public ImmutableArray<string> Conflicts { get; }

    /// <summary>Options whose client CA files did not load: their handshakes are refused.</summary>
    public ImmutableArray<string> Problems { get; }

    public HandshakeProfile For(string entryPoint, string? serverName) =>
        serverName is { Length: > 0 }
        && _byEntryPoint.TryGetValue(entryPoint, out var hosts)
        && hosts.TryGetValue(serverName.TrimEnd('.'), out var profile)
            ? profile
            : Default;

    public static HandshakeOptionsTable Build(TlsConfigurationChanged changed, ICertificateFileReader files)
    {
        // One profile per options entry, read once however many routers use it.
        var profiles = new Dictionary<string, HandshakeProfile>(StringComparer.Ordinal);
        var defaultKey = changed.Tls.Options.Keys.FirstOrDefault(IsDefault);
        var defaultProfile = defaultKey is null ? HandshakeProfile.Default : Profile(defaultKey);

        var wanted = new Dictionary<(string EntryPoint, string Host), HandshakeProfile?>();
        foreach (var demand in changed.Routers)
        {
            var profile = OptionsOf(demand);
            if (profile is null)
            {
                continue; // the router is disabled with the error on its options
            }

            foreach (var entryPoint in demand.EntryPoints)
            {
                foreach (var host in demand.RuleHosts)
                {
                    // A host two routers give different options falls back to default (null marks it).
                    wanted[(entryPoint, host)] = wanted.TryGetValue((entryPoint, host), out var other) && !ReferenceEquals(other, profile)
                        ? null
                        : profile;
                }
            }
        }

        var conflicts = wanted
            .Where(pair => pair.Value is null)
            .Select(pair => $"host {pair.Key.Host} on entry point {pair.Key.EntryPoint}: its TLS routers name different tls.options; the default options serve it")
            .Order(StringComparer.Ordinal)
            .ToImmutableArray();
        var byEntryPoint = wanted
            .Where(pair => pair.Value is not null)
            .GroupBy(pair => pair.Key.EntryPoint, StringComparer.Ordinal)
            .ToFrozenDictionary(
                group => group.Key,
                group => group.ToFrozenDictionary(pair => pair.Key.Host, pair => pair.Value!, StringComparer.OrdinalIgnoreCase),
                StringComparer.Ordinal);
        var problems = profiles.Values.Append(defaultProfile).Distinct()
            .Select(p => p.Problem).OfType<string>().Order(StringComparer.Ordinal).ToImmutableArray();
        return new HandshakeOptionsTable(byEntryPoint, defaultProfile, conflicts, problems);

        HandshakeProfile? OptionsOf(TlsRouterDemand demand)
        {
            if (demand.Tls.Options is not { } name || IsDefault(name))
            {
                return defaultProfile;
            }

            var qualified = QualifiedName.Of(name, QualifiedName.Provider(demand.Router));
            return changed.Tls.Options.ContainsKey(qualified) ? Profile(qualified) : null;
        }

        HandshakeProfile Profile(string qualified)
        {
            if (!profiles.TryGetValue(qualified, out var profile))
            {
                profiles[qualified] = profile = HandshakeProfile.From(qualified, changed.Tls.Options[qualified], files);
            }

            return profile;
        }
    }

    /// <summary>Traefik's <c>default</c> options, under whichever provider declares them.</summary>
    private static bool IsDefault(string name) =>
        name == TlsNames.DefaultOptions || name.StartsWith(TlsNames.DefaultOptions + "@", StringComparison.Ordinal);
}
