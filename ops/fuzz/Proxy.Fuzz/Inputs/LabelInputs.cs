using System.Collections.Immutable;

namespace Proxy.Fuzz.Inputs;

/// <summary>
/// A container's labels, as one text: labels separated by <see cref="Separator"/>, each
/// <c>key=value</c> (the first <c>=</c> splits, as Docker's <c>--label</c> does), so that a mutation
/// can put a newline, a dot or an <c>=</c> inside a key or a value.
/// </summary>
public static class LabelInputs
{
    public const char Separator = '\u001e';

    public const int MaxRepeat = 200;

    public static readonly IReadOnlyList<string> Seeds =
    [
        Join(
            "proxy.http.routers.shop.rule=Host(`shop.localhost`) && PathPrefix(`/api`)",
            "proxy.http.routers.shop.entrypoints=web",
            "proxy.http.routers.shop.middlewares=strip,retry3",
            "proxy.http.routers.shop.priority=10",
            "proxy.http.services.shop.loadbalancer.server.port=8080",
            "proxy.http.middlewares.strip.stripprefix.prefixes=/api,/v1",
            "proxy.http.middlewares.retry3.retry.attempts=3",
            "proxy.http.middlewares.retry3.retry.initialinterval=100ms"),
        Join(
            "proxy.enable=true",
            "proxy.http.services.web.loadbalancer.server.url=http://127.0.0.5:8081",
            "proxy.http.services.web.loadbalancer.server.weight=3",
            "proxy.http.services.web.loadbalancer.passhostheader=false",
            "proxy.http.services.web.loadbalancer.healthcheck.path=/health",
            "proxy.http.services.web.loadbalancer.healthcheck.interval=10s",
            "proxy.http.services.web.loadbalancer.healthcheck.headers.X-Probe=1",
            "proxy.http.services.web.loadbalancer.passivehealthcheck.maxfailedattempts=5"),
        Join(
            "proxy.HTTP.Routers.Web.Rule=Path(`/a`)",
            "proxy.http.routers.web.service=web-shop",
            "proxy.http.services.web-shop.loadbalancer.server.port=80",
            "proxy.http.services.web-shop.loadbalancer.server.scheme=http",
            "proxy.http.middlewares.tag.headers.customrequestheaders.X-Proxy=proxy",
            "proxy.http.middlewares.tag.headers.customresponseheaders.X-Served-By=",
            "proxy.http.middlewares.add.addprefix.prefix=/v2",
            "com.docker.compose.service=web"),
        Join("proxy.http.routers.a.rule=Host(`a`)", "proxy.docker.network=backend", "proxy.enable=false"),
    ];

    public static readonly IReadOnlyList<string> Delimiters =
        [".", "=", ",", "`", "(", ")", " ", "..", "proxy.", "http.", "routers.", "services.", "middlewares.", "-1", "999999999999999999999", "1e400", "NaN", "true", "0", Separator.ToString()];

    public static readonly IReadOnlyList<string> Fragments =
        ["a", ".a", "x,", "9", "routers.", "(", "Host(`a`)&&", "/", "s", Separator + "proxy.http.routers.r.rule=Path(`/r`)"];

    public static string Next(Mutator mutator) =>
        mutator.Mutate(mutator.Pick(Seeds), Delimiters, Fragments, MaxRepeat);

    /// <summary>The labels the text stands for; a later duplicate key replaces an earlier one, as in Docker.</summary>
    public static ImmutableSortedDictionary<string, string> Labels(string text)
    {
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var label in text.Split(Separator))
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            labels[equals < 0 ? label : label[..equals]] = equals < 0 ? "" : label[(equals + 1)..];
        }

        return labels.ToImmutable();
    }

    private static string Join(params string[] labels) => string.Join(Separator, labels);
}
