using System.Globalization;
using System.Text.RegularExpressions;

namespace Proxy.Node.Hosting;

/// <summary>
/// A seed written <c>dns:&lt;name&gt;:&lt;port&gt;</c>: every A and AAAA record of the name, with the port of
/// their cluster transport, is a node the cluster forms from (docs/cluster.md, "Forming through DNS").
/// </summary>
public sealed partial record DnsSeed(string Name, int Port)
{
    public const string Prefix = "dns:";

    public const string Accepted = "dns:<name>:<port>, the name a DNS name (letters, digits, '-' and '_' between dots) and the port 1-65535";

    // Labels of letters, digits, '-' and '_' (Docker's service and container names have '_'), at most 253 characters.
    [GeneratedRegex(@"^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsName();

    public static bool IsDnsSeed(string text) => text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsSeed? seed)
    {
        seed = null;
        if (!IsDnsSeed(text))
        {
            return false;
        }

        var rest = text[Prefix.Length..];
        var colon = rest.LastIndexOf(':');
        if (colon <= 0
            || !int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535
            || !DnsName().IsMatch(rest[..colon]))
        {
            return false;
        }

        seed = new DnsSeed(rest[..colon], port);
        return true;
    }

    public override string ToString() => $"{Prefix}{Name}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
