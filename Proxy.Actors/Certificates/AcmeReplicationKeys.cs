using System.Security.Cryptography;
using System.Text;
using Akka.DistributedData;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates;

/// <summary>
/// The DistributedData keys of the ACME state. Unlike the configuration's, they belong to the
/// cluster, not to a node run: a certificate outlives the node that ordered it, so these keys are
/// never deleted (a deleted key could never be written again) and are left alone by the key sweep.
/// One key per account and per certificate keeps every value far under the transport's frame;
/// <see cref="Index"/> names them all, so a node learns of a key it never wrote.
/// </summary>
public static class AcmeReplicationKeys
{
    public const string Prefix = "acme/";

    /// <summary>The ids of every account and certificate key: grows only, as the keys are never deleted.</summary>
    public static GSetKey<string> Index { get; } = new("acme/index");

    /// <summary>The challenge answers being validated, by <see cref="ChallengeId"/>: small, and removed when withdrawn.</summary>
    public static LWWDictionaryKey<string, AcmeChallengeEntry> Challenges { get; } = new("acme/challenges");

    /// <summary>
    /// The ordering singleton's router problems (<see cref="AcmeRouterProblemsEntry"/>), written by the
    /// singleton's node only and read by every node. Not in <see cref="Index"/>: every node subscribes to it by name.
    /// </summary>
    public static LWWRegisterKey<AcmeRouterProblemsEntry> RouterProblems { get; } = new("acme/router-problems");

    public static LWWRegisterKey<AcmeAccountEntry> Account(string resolver) => new($"acme/account/{resolver}");

    /// <summary>
    /// The key of a resolver's certificate for a set of names: the same names in any order and case
    /// are the same certificate, so a renewal replaces what it renews. The names are hashed, as a
    /// certificate may carry a hundred of them.
    /// </summary>
    public static LWWRegisterKey<AcmeCertificateEntry> Certificate(string resolver, IEnumerable<string> domains) =>
        new($"acme/cert/{resolver}/{DomainsHash(domains)}");

    public static string ChallengeId(AcmeChallengeAnswer answer) =>
        $"{answer.Type}|{answer.Domain.ToLowerInvariant()}|{answer.Token}";

    /// <summary>The typed key for an id found in <see cref="Index"/>; null for an id this build does not know.</summary>
    public static IKey? Parse(string id) =>
        id.StartsWith("acme/account/", StringComparison.Ordinal) ? new LWWRegisterKey<AcmeAccountEntry>(id)
        : id.StartsWith("acme/cert/", StringComparison.Ordinal) ? new LWWRegisterKey<AcmeCertificateEntry>(id)
        : null;

    private static string DomainsHash(IEnumerable<string> domains)
    {
        var canonical = string.Join('\n', domains.Select(d => d.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
