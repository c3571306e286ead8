using System.Collections.Immutable;
using System.Net;
using Proxy.Actors.Routing;

namespace Proxy.Actors.Tests.Routing;

/// <summary>
/// Request facts for tests, written compactly so tables stay readable:
/// <c>"GET host[:port]/path?a=1&amp;b | Header-Name: value | ip 10.0.0.1"</c>.
/// </summary>
public sealed record FakeRequest(
    string Host,
    string Path,
    string Method,
    IPAddress? ClientIp,
    ImmutableArray<KeyValuePair<string, string>> Headers,
    ImmutableArray<KeyValuePair<string, string>> Query) : IRequestFacts
{
    public static FakeRequest Parse(string description)
    {
        var parts = description.Split(" | ");
        var space = parts[0].IndexOf(' ');
        var method = parts[0][..space];
        var target = parts[0][(space + 1)..];
        var slash = target.IndexOf('/');
        var host = target[..slash];
        var pathAndQuery = target[slash..];
        var question = pathAndQuery.IndexOf('?');
        var path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        var query = question < 0
            ? []
            : pathAndQuery[(question + 1)..].Split('&').Select(ParseQueryPair).ToImmutableArray();

        IPAddress? ip = null;
        var headers = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("ip ", StringComparison.Ordinal))
            {
                ip = IPAddress.Parse(part[3..]);
                continue;
            }

            var colon = part.IndexOf(':');
            headers.Add(KeyValuePair.Create(part[..colon].Trim(), part[(colon + 1)..].Trim()));
        }

        return new FakeRequest(host, path, method, ip, headers.ToImmutable(), query);
    }

    public IReadOnlyList<string> HeaderValues(string name) =>
        [.. Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    public IReadOnlyList<string> QueryValues(string name) =>
        [.. Query.Where(q => string.Equals(q.Key, name, StringComparison.Ordinal)).Select(q => q.Value)];

    public bool HasQuery(string name) => Query.Any(q => string.Equals(q.Key, name, StringComparison.Ordinal));

    private static KeyValuePair<string, string> ParseQueryPair(string pair)
    {
        var equals = pair.IndexOf('=');
        return equals < 0 ? KeyValuePair.Create(pair, "") : KeyValuePair.Create(pair[..equals], pair[(equals + 1)..]);
    }
}
