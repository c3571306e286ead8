using System.Collections.Immutable;
using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Proxy.Actors.Cluster.Formation;

namespace Proxy.Node.Hosting;

/// <summary>
/// Looks a DNS seed's name up with DnsClient at the operator's server (or the nameservers of
/// /etc/resolv.conf), A and AAAA, uncached, so that every round sees the records as they are now. A
/// failure is worded with the name and the server: NXDOMAIN, no A/AAAA record, a server that does not answer.
/// </summary>
public sealed class DnsContactPointResolver : IContactPointResolver
{
    /// <summary>How long one query waits for the server: below the formation's interval of a second, and retried once.</summary>
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromMilliseconds(700);

    private readonly DnsSeed _seed;
    private readonly LookupClient _client;
    private readonly string _servers;

    public DnsContactPointResolver(DnsSeed seed, IReadOnlyList<IPEndPoint> servers)
    {
        _seed = seed;
        _servers = string.Join(", ", servers);
        _client = new LookupClient(new LookupClientOptions([.. servers.Select(s => new NameServer(s))])
        {
            UseCache = false,
            Timeout = QueryTimeout,
            Retries = 1,
            ThrowDnsErrors = false,
            // Answers with many nodes may not fit a UDP datagram.
            UseTcpFallback = true,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });
    }

    public string Describe => _seed.ToString();

    /// <summary>
    /// The servers to ask: the operator's, else the nameservers of /etc/resolv.conf; never DnsClient's
    /// fallback to a public resolver, which would send the cluster's names off the machine's network.
    /// </summary>
    public static IReadOnlyList<IPEndPoint> Servers(IPEndPoint? configured)
    {
        if (configured is not null)
        {
            return [configured];
        }

        var system = SystemServers();
        return system.Count > 0
            ? system
            : throw new InvalidOperationException(NoSystemServer);
    }

    /// <summary>What the start-up check says when the system names no DNS server.</summary>
    public const string NoSystemServer = "no DNS server to look the dns: seed up at: /etc/resolv.conf names none; give --cluster.dns.server=<ip:port>";

    /// <summary>The nameservers of /etc/resolv.conf (the system's), possibly none.</summary>
    public static IReadOnlyList<IPEndPoint> SystemServers() =>
        [.. NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false)
            .Select(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port))];

    /// <summary>
    /// A and AAAA asked together, each failing on its own: a server that times out or fails on AAAA (common
    /// where IPv6 is not set up) must not hide the A records it gave, nor the other way round. The lookup
    /// fails only when neither family answered; then it says why the A query failed.
    /// </summary>
    public async Task<ContactPointLookup> LookupAsync(CancellationToken cancellation)
    {
        var queries = await Task.WhenAll(
            QueryAsync(QueryType.A, cancellation),
            QueryAsync(QueryType.AAAA, cancellation)).ConfigureAwait(false);
        var (v4, v6) = (queries[0], queries[1]);
        if (v4.Error is { } error && v6.Error is not null)
        {
            return ContactPointLookup.Failed(error);
        }

        if (v4.Error is { } nameMissing && v4.NameMissing)
        {
            return ContactPointLookup.Failed(nameMissing);
        }

        var addresses = v4.Addresses.Concat(v6.Addresses)
            .Select(address => new ContactPoint(address, _seed.Port))
            .ToImmutableSortedSet();
        return addresses.IsEmpty
            ? ContactPointLookup.Failed(v4.Error ?? v6.Error ?? $"{_seed.Name} has no A or AAAA record at {_servers}")
            : ContactPointLookup.Found(addresses);
    }

    private async Task<QueryOutcome> QueryAsync(QueryType type, CancellationToken cancellation)
    {
        try
        {
            var response = await _client.QueryAsync(_seed.Name, type, QueryClass.IN, cancellation).ConfigureAwait(false);
            if (Failure(response, type) is { } failed)
            {
                return new QueryOutcome([], failed, response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain);
            }

            IEnumerable<IPAddress> addresses = type == QueryType.A
                ? response.Answers.OfType<ARecord>().Select(r => r.Address)
                : response.Answers.OfType<AaaaRecord>().Select(r => r.Address);
            return new QueryOutcome([.. addresses], null, false);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            return new QueryOutcome([], $"looking up {_seed.Name} ({type}): no answer from {_servers} within {QueryTimeout.TotalMilliseconds:0} ms (tried twice)", false);
        }
        catch (DnsResponseException e)
        {
            return new QueryOutcome([], $"looking up {_seed.Name} ({type}) at {_servers} failed: {e.Message}", false);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return new QueryOutcome([], $"looking up {_seed.Name} ({type}): cannot reach {_servers}: {e.Message}", false);
        }
    }

    private string? Failure(IDnsQueryResponse response, QueryType type) => response.HasError
        ? response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
            ? $"{_seed.Name} does not exist (NXDOMAIN) at {_servers}"
            : $"looking up {_seed.Name} ({type}) at {_servers} failed: {response.ErrorMessage}"
        : null;

    /// <summary>One query's addresses, or why it gave none (and whether the server said the name does not exist).</summary>
    private sealed record QueryOutcome(ImmutableArray<IPAddress> Addresses, string? Error, bool NameMissing);
}
