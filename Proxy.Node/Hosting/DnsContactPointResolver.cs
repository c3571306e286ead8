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

    public async Task<ContactPointLookup> LookupAsync(CancellationToken cancellation)
    {
        try
        {
            var v4 = await _client.QueryAsync(_seed.Name, QueryType.A, QueryClass.IN, cancellation).ConfigureAwait(false);
            if (Failure(v4) is { } failed)
            {
                return ContactPointLookup.Failed(failed);
            }

            var v6 = await _client.QueryAsync(_seed.Name, QueryType.AAAA, QueryClass.IN, cancellation).ConfigureAwait(false);
            var addresses = v4.Answers.OfType<ARecord>().Select(r => r.Address)
                .Concat(v6.HasError ? [] : v6.Answers.OfType<AaaaRecord>().Select(r => r.Address))
                .Select(address => new ContactPoint(address, _seed.Port))
                .ToImmutableSortedSet();
            return addresses.IsEmpty
                ? ContactPointLookup.Failed($"{_seed.Name} has no A or AAAA record at {_servers}")
                : ContactPointLookup.Found(addresses);
        }
        catch (DnsResponseException e) when (e.Code == DnsResponseCode.ConnectionTimeout)
        {
            return ContactPointLookup.Failed($"looking up {_seed.Name}: no answer from {_servers} within {QueryTimeout.TotalMilliseconds:0} ms (tried twice)");
        }
        catch (DnsResponseException e)
        {
            return ContactPointLookup.Failed($"looking up {_seed.Name} at {_servers} failed: {e.Message}");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            return ContactPointLookup.Failed($"looking up {_seed.Name}: cannot reach {_servers}: {e.Message}");
        }
    }

    private string? Failure(IDnsQueryResponse response) => response.HasError
        ? response.Header.ResponseCode == DnsHeaderResponseCode.NotExistentDomain
            ? $"{_seed.Name} does not exist (NXDOMAIN) at {_servers}"
            : $"looking up {_seed.Name} at {_servers} failed: {response.ErrorMessage}"
        : null;
}
