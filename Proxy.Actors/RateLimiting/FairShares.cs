namespace Proxy.Actors.RateLimiting;

/// <summary>
/// How an owner divides a key's rate among the nodes that ask for it: max-min fair by demand (water
/// filling). A node that wants less than an equal part gets what it wants; the rest is divided equally
/// among the others; what nobody wants is divided equally among all, so that the shares always add up
/// to the rate and a node whose demand grows finds its part already there.
/// </summary>
public static class FairShares
{
    /// <summary>Each demand's share of <paramref name="rate"/>, in the order of <paramref name="demands"/>.</summary>
    public static double[] Of(double rate, IReadOnlyList<double> demands)
    {
        var shares = new double[demands.Count];
        if (shares.Length == 0)
        {
            return shares;
        }

        var remaining = rate;
        var left = shares.Length;
        foreach (var i in Enumerable.Range(0, shares.Length).OrderBy(i => demands[i]))
        {
            shares[i] = Math.Min(Math.Max(0, demands[i]), remaining / left);
            remaining -= shares[i];
            left--;
        }

        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] += remaining / shares.Length;
        }

        return shares;
    }
}
