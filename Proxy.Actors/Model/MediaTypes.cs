using System.Collections.Immutable;

namespace Proxy.Actors.Model;

/// <summary>
/// A Content-Type as compress compares it: the media type in lower case, and its parameters (names in lower
/// case, quotes removed). A listed type without parameters matches any parameters; one with parameters
/// matches only the same set, as Traefik compares them.
/// </summary>
public sealed record MediaType(string Name, ImmutableSortedDictionary<string, string> Parameters)
{
    /// <summary>Whether a response of type <paramref name="actual"/> is what this listed type names.</summary>
    public bool Matches(MediaType actual) =>
        Name == actual.Name
        && (Parameters.IsEmpty || (Parameters.Count == actual.Parameters.Count && Parameters.All(p => actual.Parameters.TryGetValue(p.Key, out var v) && v == p.Value)));
}

/// <summary>Parses media types (RFC 9110 section 8.3.1) with their parameters.</summary>
public static class MediaTypes
{
    public static bool TryParse(string? text, out MediaType parsed)
    {
        parsed = new MediaType(string.Empty, ImmutableSortedDictionary<string, string>.Empty);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Split(';');
        var name = parts[0].Trim();
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == name.Length - 1 || !IsToken(name.AsSpan(0, slash)) || !IsToken(name.AsSpan(slash + 1)))
        {
            return false;
        }

        var parameters = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            var parameter = part.Trim();
            if (parameter.Length == 0)
            {
                continue;
            }

            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !IsToken(parameter.AsSpan(0, equals)))
            {
                return false;
            }

            parameters[parameter[..equals].ToLowerInvariant()] = parameter[(equals + 1)..].Trim('"');
        }

        parsed = new MediaType(name.ToLowerInvariant(), parameters.ToImmutable());
        return true;
    }

    private static bool IsToken(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`|~".Contains(c))
            {
                return false;
            }
        }

        return text.Length > 0;
    }
}
