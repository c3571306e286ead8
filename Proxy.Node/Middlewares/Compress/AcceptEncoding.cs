using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Proxy.Node.Middlewares.Compress;

/// <summary>
/// Which of the configured encodings a request's Accept-Encoding asks for, as Traefik picks it: the item with the
/// highest q-value wins; on a tie <c>*</c> wins, then the configured order, then <c>identity</c>. A winning <c>*</c>
/// means the default encoding, or the first configured one without a default. q=0 refuses. No header at all means
/// the default encoding (none unless configured), as in Traefik; an empty one, <c>identity</c> winning, or nothing
/// acceptable, means the body goes as it is.
/// </summary>
internal static class AcceptEncoding
{
    private const double NotNamed = -1;

    /// <param name="encodings">The configured encodings, in the node's order of preference.</param>
    /// <returns>The encoding to use, or null for none.</returns>
    public static string? Choose(StringValues header, ImmutableArray<string> encodings, string? defaultEncoding)
    {
        if (header.Count == 0)
        {
            return defaultEncoding;
        }

        // q-values per configured encoding, NotNamed while not named; the wildcard's and identity's separately.
        Span<double> named = stackalloc double[encodings.Length];
        named.Fill(NotNamed);
        var wildcard = NotNamed;
        var identity = NotNamed;
        foreach (var line in header)
        {
            foreach (var item in (line ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var semicolon = item.IndexOf(';', StringComparison.Ordinal);
                var coding = (semicolon < 0 ? item : item[..semicolon]).Trim();
                var q = semicolon < 0 ? 1.0 : Quality(item.AsSpan(semicolon + 1));
                if (coding == "*")
                {
                    wildcard = q;
                    continue;
                }

                if (string.Equals(coding, "identity", StringComparison.OrdinalIgnoreCase))
                {
                    identity = q;
                    continue;
                }

                for (var i = 0; i < encodings.Length; i++)
                {
                    if (string.Equals(encodings[i], coding, StringComparison.OrdinalIgnoreCase))
                    {
                        named[i] = q;
                    }
                }
            }
        }

        var best = -1;
        for (var i = 0; i < encodings.Length; i++)
        {
            if (named[i] > 0 && (best < 0 || named[i] > named[best]))
            {
                best = i;
            }
        }

        var bestQ = best < 0 ? 0 : named[best];
        if (wildcard > 0 && wildcard >= bestQ && wildcard >= identity)
        {
            return Wildcard(named, wildcard, encodings, defaultEncoding) ?? (best < 0 ? null : encodings[best]);
        }

        return best < 0 || identity > bestQ ? null : encodings[best];
    }

    /// <summary>
    /// What a winning <c>*</c> stands for: the default encoding, else the first configured, as Traefik takes it;
    /// unless the client named that one with a lower q (or refused it), then the first configured encoding it did
    /// not name (Traefik would use the one refused).
    /// </summary>
    private static string? Wildcard(ReadOnlySpan<double> named, double wildcard, ImmutableArray<string> encodings, string? defaultEncoding)
    {
        var candidate = defaultEncoding is null ? 0 : encodings.IndexOf(defaultEncoding, StringComparer.OrdinalIgnoreCase);
        if (candidate >= 0 && candidate < encodings.Length && (named[candidate] == NotNamed || named[candidate] >= wildcard))
        {
            return encodings[candidate];
        }

        for (var i = 0; i < encodings.Length; i++)
        {
            if (named[i] == NotNamed)
            {
                return encodings[i];
            }
        }

        return null;
    }

    /// <summary>The q parameter of an item's parameters; 1 without one, 0 when it does not parse (refused rather than guessed).</summary>
    private static double Quality(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.Length >= 2 && (parameter[0] is 'q' or 'Q') && parameter[1] == '=')
            {
                return double.TryParse(parameter[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1
                    ? q
                    : 0;
            }
        }

        return 1;
    }
}
