namespace Proxy.Discovery.Labels;

/// <summary>
/// Reads the labels under <c>&lt;prefix&gt;.</c> with Traefik's grammar into configuration.
/// Labels of any other prefix are ignored.
/// </summary>
/// <remarks>
/// Keys match case-insensitively, as in Traefik (its label decoder merges nodes with
/// <c>strings.EqualFold</c>): <c>proxy.HTTP.Routers.web.Rule</c> sets the rule of <c>web</c>.
/// Router, service and middleware names are case-insensitive within one container, and the name
/// keeps the spelling of the first label in ordinal order, which is what Traefik does too: labels
/// <c>traefik.http.routers.Web.rule</c> and <c>traefik.http.routers.web.entrypoints</c> make one
/// router named <c>Web</c> (upper case sorts first). Header names keep their spelling as written.
/// </remarks>
public static class LabelParser
{
    public static LabelParseResult Parse(IEnumerable<KeyValuePair<string, string>> labels, string prefix)
    {
        var reader = new LabelReader(prefix);

        // Ordinal order decides which spelling of a name is kept, so it must not depend on the caller.
        foreach (var (label, value) in labels.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            reader.Read(label, value);
        }

        return reader.Result();
    }
}
