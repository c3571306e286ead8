namespace Proxy.Node.Hosting;

/// <summary>The known option closest to a mistyped key, for "did you mean" hints.</summary>
public static class OptionSuggestion
{
    public static string? For(string key)
    {
        var parts = key.Split('.');
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var option in StaticOptions.All)
        {
            // Fill the placeholder with what the operator wrote in that position, so that a typo in the
            // fixed words is measured alone and the suggestion keeps their entrypoint's name.
            var slot = option.Segments.IndexOf(StaticOption.NamePlaceholder);
            var candidate = slot >= 0 && slot < parts.Length ? option.WithName(parts[slot]) : option.Key;
            var distance = Distance(key, candidate);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Beyond a few edits the "closest" option is a guess that misleads more than it helps.
        return bestDistance <= Math.Max(2, key.Length / 4) ? best : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions each cost one.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
