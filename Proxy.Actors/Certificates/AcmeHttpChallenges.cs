using System.Collections.Frozen;
using System.Collections.Immutable;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates;

/// <summary>
/// The HTTP-01 answers the request path serves, replaced whole on every change. While
/// <see cref="Active"/> (the node has an ACME resolver, or an answer is published), every request
/// for <c>/.well-known/acme-challenge/</c> is looked up here before routing, as Traefik's challenge
/// router of highest priority; what is not ours is 404 only on a resolver's challenge entry point
/// (the request path decides). Inactive, the request path pays one field read.
/// </summary>
public sealed class AcmeHttpChallenges
{
    public const string PathPrefix = "/.well-known/acme-challenge/";

    /// <summary>The longest token looked up: RFC 8555 tokens are 22 characters and more, Let's Encrypt's 43.</summary>
    public const int MaxTokenLength = 256;

    private readonly FrozenDictionary<string, ImmutableArray<AcmeChallengeAnswer>> _byToken;

    private AcmeHttpChallenges(bool active, FrozenDictionary<string, ImmutableArray<AcmeChallengeAnswer>> byToken)
    {
        Active = active;
        _byToken = byToken;
    }

    public static AcmeHttpChallenges Inactive { get; } = new(false, FrozenDictionary<string, ImmutableArray<AcmeChallengeAnswer>>.Empty);

    public bool Active { get; }

    public int Count => _byToken.Count;

    public static AcmeHttpChallenges Of(bool active, IEnumerable<AcmeChallengeAnswer> answers) =>
        new(
            active,
            answers
                .Where(a => a.Type == AcmeChallenge.Http01)
                .GroupBy(a => a.Token, StringComparer.Ordinal)
                .ToFrozenDictionary(g => g.Key, g => g.ToImmutableArray(), StringComparer.Ordinal));

    /// <summary>
    /// The key authorization for <paramref name="token"/> asked for under <paramref name="host"/> (the
    /// request's host without its port), as Traefik matches both: a token published for another name is
    /// not given out. Anything else, hostile input included, is one length check and one lookup.
    /// </summary>
    public bool TryAnswer(ReadOnlySpan<char> token, ReadOnlySpan<char> host, out string keyAuthorization)
    {
        keyAuthorization = "";
        if (token.IsEmpty || token.Length > MaxTokenLength
            || !_byToken.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var answers))
        {
            return false;
        }

        foreach (var answer in answers)
        {
            if (host.Equals(answer.Domain, StringComparison.OrdinalIgnoreCase))
            {
                keyAuthorization = answer.KeyAuthorization;
                return true;
            }
        }

        return false;
    }
}
