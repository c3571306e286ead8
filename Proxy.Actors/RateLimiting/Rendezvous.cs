using System.Collections.Immutable;

namespace Proxy.Actors.RateLimiting;

/// <summary>
/// Rendezvous (highest random weight) hashing: the owner of a key is the member whose hash with the key
/// is highest. Every node computes the same owner from the same members with no round trip, and a member
/// that goes moves only its own keys. The hash is FNV-1a with a final mix, fixed here so that nodes of
/// one build agree; it is not a defence against chosen keys (a key's owner is no secret).
/// </summary>
public static class Rendezvous
{
    /// <summary>The owner among <paramref name="members"/>, or null when there is none.</summary>
    public static string? Owner(string key, ImmutableArray<string> members)
    {
        string? best = null;
        ulong bestScore = 0;
        var keyHash = Hash(key, 14695981039346656037UL);
        foreach (var member in members)
        {
            var score = Mix(Hash(member, keyHash));
            if (best is null || score > bestScore || (score == bestScore && string.CompareOrdinal(member, best) > 0))
            {
                best = member;
                bestScore = score;
            }
        }

        return best;
    }

    private static ulong Hash(string text, ulong hash)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    // SplitMix64's finaliser: FNV alone leaves members that differ in one last digit too close.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }
}
