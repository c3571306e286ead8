using System.Globalization;
using System.Text;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>
/// A time span written as Go's <c>time.Duration.String</c> writes it (<c>1.5s</c>, <c>333.333333ms</c>,
/// <c>1m0s</c>): Traefik's <c>X-Retry-In</c> header, which clients of Traefik may parse.
/// </summary>
internal static class GoDuration
{
    private const long NanosPerSecond = 1_000_000_000;

    public static string Format(TimeSpan span)
    {
        var ns = span.Ticks * 100;
        if (ns == 0)
        {
            return "0s";
        }

        var sign = ns < 0 ? "-" : "";
        ns = Math.Abs(ns);
        if (ns < 1_000)
        {
            return $"{sign}{ns}ns";
        }

        if (ns < 1_000_000)
        {
            return sign + Fraction(ns, 1_000) + "µs";
        }

        if (ns < NanosPerSecond)
        {
            return sign + Fraction(ns, 1_000_000) + "ms";
        }

        var text = new StringBuilder(sign);
        var hours = ns / (3600 * NanosPerSecond);
        ns -= hours * 3600 * NanosPerSecond;
        var minutes = ns / (60 * NanosPerSecond);
        ns -= minutes * 60 * NanosPerSecond;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        return text.Append(Fraction(ns, NanosPerSecond)).Append('s').ToString();
    }

    // The whole units, then the rest as decimals without trailing zeros, as Go's fmtFrac.
    private static string Fraction(long value, long unit)
    {
        var whole = value / unit;
        var rest = value % unit;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole.ToString(CultureInfo.InvariantCulture) + "." + rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}
