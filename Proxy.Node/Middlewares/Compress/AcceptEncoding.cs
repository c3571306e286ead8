using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Proxy.Node.Middlewares.Compress;

/// <summary>
/// Which of the configured encodings a request's Accept-Encoding asks for (RFC 9110 section 12.5.3): the one
/// with the highest q-value, ties going to the earlier in the configured list; <c>*</c> stands for every
/// encoding not named; q=0 refuses. No header at all means the default encoding (none unless configured), as
/// in Traefik; an empty one, or nothing acceptable, means the body goes as it is.
/// </summary>
internal static class AcceptEncoding
{
    /// <param name="encodings">The configured encodings, in the node's order of preference.</param>
    /// <returns>The encoding to use, or null for none.</returns>
    public static string? Choose(StringValues header, ImmutableArray<string> encodings, string? defaultEncoding)
    {
        if (header.Count == 0)
        {
            return defaultEncoding;
        }

        // q-values per configured encoding, -1 while not named; the wildcard's separately.
        Span<double> named = stackalloc double[encodings.Length];
        named.Fill(-1);
        var wildcard = -1.0;
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

                for (var i = 0; i < encodings.Length; i++)
                {
                    if (string.Equals(encodings[i], coding, StringComparison.OrdinalIgnoreCase))
                    {
                        named[i] = q;
                    }
                }
            }
        }

        string? best = null;
        var bestQ = 0.0;
        for (var i = 0; i < encodings.Length; i++)
        {
            var q = named[i] >= 0 ? named[i] : wildcard;
            if (q > bestQ)
            {
                best = encodings[i];
                bestQ = q;
            }
        }

        return best;
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
