namespace Proxy.Actors.Configuration.Schema;

/// <summary>"Did you mean": the known name closest to a mistyped one, when it is close enough to be a typo.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidate at the smallest edit distance (ignoring case, a swap of two neighbours counting as
    /// one edit), if that distance is at most 2 and under half the name: <c>wieght</c> gives <c>weight</c>,
    /// <c>sticky</c> gives nothing.
    /// </summary>
    public static string? Closest(string written, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            // Lengths further apart than the largest distance suggested cannot match; skipping them keeps a long key cheap.
            if (Math.Abs(candidate.Length - written.Length) > 2)
            {
                continue;
            }

            var distance = Distance(written.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return bestDistance <= 2 && bestDistance * 2 < Math.Max(written.Length, 2) ? best : null;
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
