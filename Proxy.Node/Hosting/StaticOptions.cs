using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Proxy.Node.Hosting;

/// <summary>
/// The one table of static options. Parsing, validation, the environment mapping and <c>--help</c> all
/// read it, so adding an option here is the whole job and help cannot fall behind the code.
/// </summary>
public static partial class StaticOptions
{
    public const string EntryPointAddress = "entrypoints.<name>.address";
    public const string EntryPointTrustedIps = "entrypoints.<name>.forwardedheaders.trustedips";
    public const string EntryPointForwardedInsecure = "entrypoints.<name>.forwardedheaders.insecure";
    public const string EntryPointProxyProtocolTrustedIps = "entrypoints.<name>.proxyprotocol.trustedips";
    public const string EntryPointProxyProtocolInsecure = "entrypoints.<name>.proxyprotocol.insecure";
    public const string EntryPointRedirectTo = "entrypoints.<name>.http.redirections.entrypoint.to";
    public const string EntryPointRedirectScheme = "entrypoints.<name>.http.redirections.entrypoint.scheme";
    public const string EntryPointRedirectPermanent = "entrypoints.<name>.http.redirections.entrypoint.permanent";
    public const string EntryPointRedirectPriority = "entrypoints.<name>.http.redirections.entrypoint.priority";
    public const string EntryPointTls = "entrypoints.<name>.http.tls";
    public const string EntryPointTlsOptions = "entrypoints.<name>.http.tls.options";
    public const string EntryPointTlsCertResolver = "entrypoints.<name>.http.tls.certresolver";
    public const string EntryPointTlsDomainMain = "entrypoints.<name>.http.tls.domains[<n>].main";
    public const string EntryPointTlsDomainSans = "entrypoints.<name>.http.tls.domains[<n>].sans";
    public const string ApiAddress = "api.address";
    public const string ApiAllowedHosts = "api.allowedhosts";
    public const string ApiTlsCertFile = "api.tls.certfile";
    public const string ApiTlsKeyFile = "api.tls.keyfile";
    public const string FileProviderFilename = "providers.file.filename";
    public const string FileProviderWatch = "providers.file.watch";
    public const string ManagementAddress = "management.address";
    public const string ManagementToken = "management.token";
    public const string ManagementReadOnly = "management.readonly";
    public const string ClusterName = "cluster.name";
    public const string ClusterHostname = "cluster.hostname";
    public const string ClusterPort = "cluster.port";
    public const string ClusterPublicHostname = "cluster.publichostname";
    public const string ClusterSeeds = "cluster.seeds";
    public const string ClusterRoles = "cluster.roles";
    public const string ClusterRemovedGrace = "cluster.removedgrace";
    public const string ClusterTlsCertFile = "cluster.tls.certfile";
    public const string ClusterTlsKeyFile = "cluster.tls.keyfile";
    public const string ClusterTlsCaFile = "cluster.tls.cafile";
    public const string ClusterInsecure = "cluster.insecure";
    public const string ClusterBootstrapStableMargin = "cluster.bootstrap.stablemargin";
    public const string ClusterBootstrapRequiredContactPoints = "cluster.bootstrap.requiredcontactpoints";
    public const string ClusterDnsServer = "cluster.dns.server";
    public const string DockerEndpoint = "providers.docker.endpoint";
    public const string DockerExposedByDefault = "providers.docker.exposedbydefault";
    public const string DockerDefaultRule = "providers.docker.defaultrule";
    public const string DockerNetwork = "providers.docker.network";
    public const string DockerLabelPrefix = "providers.docker.labelprefix";
    public const string DockerAllowEmptyServices = "providers.docker.allowemptyservices";
    public const string DockerHostNetworkAddress = "providers.docker.hostnetworkaddress";
    public const string DockerTlsCa = "providers.docker.tls.ca";
    public const string DockerTlsCert = "providers.docker.tls.cert";
    public const string DockerTlsKey = "providers.docker.tls.key";
    public const string DockerTlsInsecureSkipVerify = "providers.docker.tls.insecureskipverify";
    public const string DockerNamedEndpoint = "providers.docker.endpoints.<name>.endpoint";
    public const string DockerNamedTlsCa = "providers.docker.endpoints.<name>.tls.ca";
    public const string DockerNamedTlsCert = "providers.docker.endpoints.<name>.tls.cert";
    public const string DockerNamedTlsKey = "providers.docker.endpoints.<name>.tls.key";
    public const string DockerNamedTlsInsecureSkipVerify = "providers.docker.endpoints.<name>.tls.insecureskipverify";
    public const string DockerAllowInsecure = "providers.docker.allowinsecure";
    public const string DockerConstraints = "providers.docker.constraints";
    public const string DockerUseBindPortIp = "providers.docker.usebindportip";
    public const string LogLevel = "log.level";
    public const string RequestAcceptGraceTimeout = "lifecycle.requestacceptgracetimeout";
    public const string GraceTimeout = "lifecycle.gracetimeout";
    public const string RequestActorMode = "requests.actormode";
    public const string ResponseHeaderTimeout = "serverstransport.forwardingtimeouts.responseheadertimeout";
    public const string DialTimeout = "serverstransport.forwardingtimeouts.dialtimeout";
    public const string MirroringMaxBodySize = "mirroring.maxbodysize";
    public const string MirroringMaxBytesInFlight = "mirroring.maxbytesinflight";
    public const string MetricsPrometheus = "metrics.prometheus";
    public const string AccessLog = "accesslog";
    public const string AccessLogFilePath = "accesslog.filepath";
    public const string AccessLogFormat = "accesslog.format";
    public const string ConfigFile = "configfile";
    public const string ResolverEmail = "certificatesresolvers.<name>.acme.email";
    public const string ResolverCaServer = "certificatesresolvers.<name>.acme.caserver";
    public const string ResolverStorage = "certificatesresolvers.<name>.acme.storage";
    public const string ResolverKeyType = "certificatesresolvers.<name>.acme.keytype";
    public const string ResolverHttpChallengeEntryPoint = "certificatesresolvers.<name>.acme.httpchallenge.entrypoint";
    public const string ResolverTlsChallenge = "certificatesresolvers.<name>.acme.tlschallenge";
    public const string ResolverCertificatesDuration = "certificatesresolvers.<name>.acme.certificatesduration";
    public const string ResolverCaCertificates = "certificatesresolvers.<name>.acme.cacertificates";

    /// <summary>The entrypoint a node gets when the operator names none, as Traefik's <c>web</c>.</summary>
    public const string DefaultEntryPointName = "web";

    public static ImmutableArray<StaticOption> All { get; } =
    [
        new(EntryPointAddress, OptionKind.Address, ":8000",
            "Address entrypoint <name> listens on for proxied traffic. Several entrypoints may be given; "
            + $"when none is, one entrypoint named {DefaultEntryPointName} listens on the default."),
        new(EntryPointTrustedIps, OptionKind.NetworkList, null,
            "Clients of entrypoint <name> (IPs or CIDR ranges, IPv4 or IPv6) whose X-Forwarded-*, X-Real-Ip and "
            + "Forwarded headers are kept and extended, as from a proxy in front. From any other client they are "
            + "removed and replaced by the node's own."),
        new(EntryPointForwardedInsecure, OptionKind.Bool, "false",
            "Trust the forwarded headers of every client of entrypoint <name>: only for an entrypoint that nothing "
            + "but trusted proxies can reach."),
        new(EntryPointProxyProtocolTrustedIps, OptionKind.NetworkList, null,
            "Peers of entrypoint <name> (IPs or CIDR ranges: the load balancer in front) whose PROXY protocol header (v1 or "
            + "v2, before TLS) gives the connection's client address. Any other peer's header is read and ignored: the "
            + "connection keeps the peer's own address. Giving this or proxyprotocol.insecure turns PROXY protocol on. A header "
            + "must be whole within 10s of its first byte (v1 at most 107 bytes, v2 at most 4096 bytes of addresses and TLVs): "
            + "a malformed, oversized or late one closes the connection."),
        new(EntryPointProxyProtocolInsecure, OptionKind.Bool, "false",
            "Take the PROXY protocol header of every peer of entrypoint <name>: any client can then claim any address. "
            + "Only for an entrypoint that nothing but the load balancer can reach."),
        new(EntryPointRedirectTo, OptionKind.String, null,
            "Redirect every request on entrypoint <name> to this other entrypoint (or to :<port>), keeping the "
            + "request's host name, path and query: Traefik's entry-point redirection, as from web to websecure."),
        new(EntryPointRedirectScheme, OptionKind.Enum, "https",
            "Scheme of the redirection's Location.")
        {
            Choices = ["https", "http"],
        },
        new(EntryPointRedirectPermanent, OptionKind.Bool, "true",
            "Permanent redirection (301 for GET, 308 for other methods) rather than temporary (302, 307), as Traefik."),
        new(EntryPointRedirectPriority, OptionKind.Int, EntryPointRedirection.DefaultPriority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "Priority of the redirection against the entrypoint's routers: a router of higher priority serves "
            + "instead. The default leaves only a router of priority 2147483647 ahead of it."),
        new(EntryPointTls, OptionKind.Bool, "false",
            "Make every router on entrypoint <name> a TLS router unless it declares a tls of its own, as Traefik's "
            + "entry-point TLS: it then answers only TLS connections. Giving http.tls.options or http.tls.certresolver "
            + "turns it on too. The entrypoint accepts TLS and plain connections on its one port either way."),
        new(EntryPointTlsOptions, OptionKind.String, null,
            "tls.options name for the routers entrypoint <name> makes TLS routers (default: default); unqualified, "
            + "it is looked up in each router's own provider."),
        new(EntryPointTlsCertResolver, OptionKind.String, null,
            "Certificate resolver for the routers entrypoint <name> makes TLS routers, as Traefik's "
            + "--entrypoints.websecure.http.tls.certresolver."),
        new(EntryPointTlsDomainMain, OptionKind.Domain, null,
            "Main domain of certificate <n> (0, 1, ...) for the routers entrypoint <name> makes TLS routers, instead of "
            + "the Host(...) names of their rules. Turns TLS on too."),
        new(EntryPointTlsDomainSans, OptionKind.DomainList, null,
            "Other names of certificate <n> beside its main domain."),
        new(ApiAddress, OptionKind.Address, "127.0.0.1:8080",
            "Address of the API, /ping and the dashboard. Loopback by default so that the API is never "
            + "exposed by accident."),
        new(ApiAllowedHosts, OptionKind.HostList, null,
            "Host names the API and management listeners answer to besides their own: the address a request "
            + "arrived on, loopback addresses, localhost, the machine's hostname and the cluster's hostnames. "
            + "A request naming another Host gets 421, so that a web page cannot reach the API through DNS "
            + "rebinding; /ping, /ready and /alive answer any Host."),
        new(ApiTlsCertFile, OptionKind.String, null,
            "PEM certificate of the API and management listeners: with it they serve HTTPS only, so that the "
            + "management token never crosses the network in clear. Give --api.tls.keyfile with it."),
        new(ApiTlsKeyFile, OptionKind.String, null,
            "PEM private key (PKCS#8, unencrypted) of --api.tls.certfile."),
        new(FileProviderFilename, OptionKind.String, null,
            "Dynamic configuration file to read routers, services and middlewares from. No file provider when unset."),
        new(FileProviderWatch, OptionKind.Bool, "true",
            "Reload the file provider's file when it changes."),
        new(ManagementAddress, OptionKind.Address, null,
            "Address of Akka Management's cluster API (/cluster/members, leave, down) on a listener of its own. "
            + "When unset the cluster API is served on the API address."),
        new(ManagementToken, OptionKind.String, null,
            "Bearer token the cluster API requires (Authorization: Bearer <token>); needed when the cluster API "
            + "listens on an address other than loopback. /ready and /alive stay open for probes."),
        new(ManagementReadOnly, OptionKind.Bool, "true",
            "Refuse leave and down (PUT and DELETE on /cluster/members) with 403, as Akka Management serves its "
            + "cluster routes read-only unless told otherwise. When --management.token is set and this option is "
            + "not given, leave and down are allowed to callers with the token."),
        new(ClusterName, OptionKind.String, "proxy",
            "Name of the cluster: nodes join only a cluster of the same name (letters, digits, '_' and '-')."),
        new(ClusterHostname, OptionKind.Host, "127.0.0.1",
            "Address the node's cluster transport binds to."),
        new(ClusterPort, OptionKind.Int, "0",
            "Port of the cluster transport. 0 picks a free one, enough for a node alone; give a fixed port to "
            + "nodes that others name as seeds."),
        new(ClusterPublicHostname, OptionKind.Host, null,
            "Address peers dial to reach this node, when it differs from the bound one (NAT, containers)."),
        new(ClusterSeeds, OptionKind.AddressList, null,
            "Nodes to join, as host:port of their cluster transport. Without seeds the node forms a cluster of its own. "
            + "Or one dns:<name>:<port> alone: every A/AAAA record of the name, with that cluster port, is a node; "
            + "they form one cluster (the lowest address forms it once the records are stable) or join the one that exists."),
        new(ClusterRoles, OptionKind.NameList, null,
            "Roles of this node in the cluster, shown by /cluster/members."),
        new(ClusterRemovedGrace, OptionKind.Duration, "30s",
            "How long the servers a removed node discovered keep serving on the others (health checks still apply) "
            + "before they are dropped; covers a node's restart without its routes flapping."),
        new(ClusterTlsCertFile, OptionKind.String, null,
            "PEM certificate this node presents on the cluster transport (mutual TLS; `proxy-node cluster tls issue` "
            + "makes one). Give all three cluster.tls files or none."),
        new(ClusterTlsKeyFile, OptionKind.String, null,
            "PEM private key (PKCS#8, unencrypted) of --cluster.tls.certfile."),
        new(ClusterTlsCaFile, OptionKind.String, null,
            "PEM file of the cluster's CA certificates (`proxy-node cluster tls init` makes one): peers are accepted, "
            + "in both directions, only with a certificate signed by one of them. Two CAs during a CA rotation."),
        new(ClusterInsecure, OptionKind.Bool, "false",
            "Run the cluster transport on a non-loopback --cluster.hostname without TLS. Anyone who reaches its "
            + "port can then join the cluster and rewrite every node's routes: only for a network nothing else reaches."),
        new(ClusterBootstrapStableMargin, OptionKind.Duration, "5s",
            "With a dns: seed, how long the name's addresses must stay the same, with none of them in a cluster, "
            + "before the lowest one forms the cluster (Akka Cluster Bootstrap's stable-margin)."),
        new(ClusterBootstrapRequiredContactPoints, OptionKind.Int,
            Proxy.Actors.Cluster.Formation.FormationSettings.DefaultRequiredContactPoints.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "With a dns: seed, how many of the name's addresses, this node's own included, must answer before a new "
            + "cluster is formed (Akka Cluster Bootstrap's required-contact-point-nr); an existing cluster is joined "
            + "whatever the count. 1 lets a node that sees only itself form a cluster alone (one replica)."),
        new(ClusterDnsServer, OptionKind.String, null,
            "DNS server a dns: seed is looked up at, as ip:port (or an IP for port 53). Default: the nameservers "
            + "of /etc/resolv.conf (Docker's embedded DNS in a container)."),
        new(DockerEndpoint, OptionKind.EndpointList, null,
            "Docker host to discover containers on: unix:///var/run/docker.sock or tcp://host:port. Repeat the "
            + "flag or separate with commas to watch several hosts, one discovery actor each. No Docker provider when unset."),
        new(DockerExposedByDefault, OptionKind.Bool, "true",
            "Route every container; when false, only those labelled <labelprefix>.enable=true."),
        new(DockerDefaultRule, OptionKind.String, "Host(`{{ normalize .Name }}`)",
            "Rule of routers whose labels give none (Go template: .Name, .ContainerName, index .Labels \"key\", normalize)."),
        new(DockerNetwork, OptionKind.String, null,
            "Network whose container address is used; when unset, the container's first network by name."),
        new(DockerLabelPrefix, OptionKind.String, "proxy",
            "Labels are read under <labelprefix>. ; traefik reads an existing Traefik compose file unchanged."),
        new(DockerAllowEmptyServices, OptionKind.Bool, "false",
            "Keep the services of containers that are not healthy yet, with no server (503), instead of leaving them out (404)."),
        new(DockerHostNetworkAddress, OptionKind.Host, "127.0.0.1",
            "Address of containers with host networking, which Docker reports no address for."),
        new(DockerTlsCa, OptionKind.String, null,
            "PEM file of the CA that signed the Docker daemon's certificate (dockerd --tlscacert), for the tcp:// "
            + "endpoints of --providers.docker.endpoint. Without it the daemon's certificate must chain to the system's roots. "
            + "TLS files are read at start: a renewed certificate takes a restart, as in Traefik."),
        new(DockerTlsCert, OptionKind.String, null,
            "PEM client certificate the node presents to the Docker daemon (dockerd --tlsverify accepts only clients "
            + "signed by its --tlscacert). Give --providers.docker.tls.key with it."),
        new(DockerTlsKey, OptionKind.String, null,
            "PEM private key (unencrypted) of --providers.docker.tls.cert."),
        new(DockerTlsInsecureSkipVerify, OptionKind.Bool, "false",
            "Accept any certificate from the Docker daemon: the traffic is encrypted but whoever sits in between can read "
            + "it and answer in the daemon's place. For trying things out only."),
        new(DockerNamedEndpoint, OptionKind.Endpoint, null,
            "Docker host <name> to discover containers on, beside those of --providers.docker.endpoint, with a TLS "
            + "set of its own (providers.docker.endpoints.<name>.tls.*): one name per Docker host when they have different certificates."),
        new(DockerNamedTlsCa, OptionKind.String, null,
            "As --providers.docker.tls.ca, for endpoint <name>."),
        new(DockerNamedTlsCert, OptionKind.String, null,
            "As --providers.docker.tls.cert, for endpoint <name>."),
        new(DockerNamedTlsKey, OptionKind.String, null,
            "As --providers.docker.tls.key, for endpoint <name>."),
        new(DockerNamedTlsInsecureSkipVerify, OptionKind.Bool, "false",
            "As --providers.docker.tls.insecureskipverify, for endpoint <name>."),
        new(DockerAllowInsecure, OptionKind.Bool, "false",
            "Watch a tcp:// Docker endpoint on an address other than loopback without TLS. Anyone on the network who "
            + "reaches a plain Docker TCP port has root on that host: only for a network nothing else reaches."),
        new(DockerConstraints, OptionKind.String, null,
            "Only containers whose labels satisfy this expression are routed, as Traefik's constraints: "
            + "Label(`key`,`value`), LabelRegex(`key`,`regex`), combined with &&, ||, ! and parentheses. Keys are whole label keys."),
        new(DockerUseBindPortIp, OptionKind.Bool, "false",
            "Reach a container through the host address and port its port is published on (docker run -p), when it "
            + "has such a binding, instead of its own network address: as Traefik's usebindportip."),
        new(LogLevel, OptionKind.Enum, "INFO", "Lowest level of log messages written (case-insensitive).")
        {
            Choices = ["DEBUG", "INFO", "WARN", "ERROR"],
        },
        new(RequestAcceptGraceTimeout, OptionKind.Duration, "0s",
            "On shutdown, how long to keep accepting requests before stopping the listeners, so that a "
            + "load balancer in front has time to notice."),
        new(GraceTimeout, OptionKind.Duration, "10s",
            "On shutdown, how long requests in flight may take to finish once the listeners stopped."),
        new(RequestActorMode, OptionKind.Enum, "onfailure",
            "When a request actor is spawned: onfailure spawns one only when an attempt fails (it then "
            + "retries); always spawns one for every request, which costs throughput and is kept for the "
            + "benchmark that measures it.")
        {
            Choices = ["onfailure", "always"],
        },
        new(ResponseHeaderTimeout, OptionKind.Duration, "100s",
            "How long a backend may stay silent (no response headers, no body bytes) before the request "
            + "fails with 504; 0 is no limit. Traefik's default is no limit; ours is YARP's."),
        new(DialTimeout, OptionKind.Duration, "30s",
            "How long connecting to a backend may take before the attempt fails (and may be retried)."),
        new(MirroringMaxBodySize, OptionKind.Int, "4194304",
            "Largest request body (bytes) a mirroring service copies to its mirrors, whatever its maxBodySize "
            + "(whose default -1 means this): a larger body is forwarded to the service as usual, but no copy of the "
            + "request is sent. It bounds the memory one client's request makes the node hold for mirrors."),
        new(MirroringMaxBytesInFlight, OptionKind.Int, "67108864",
            "Bytes of request bodies all mirror copies under way on the node may hold together (each copy counts its "
            + "body). A copy that would go over is dropped, counted and logged, as one beyond the 256 copies under way."),
        new(MetricsPrometheus, OptionKind.Bool, "false",
            "Serve Prometheus metrics at /metrics on the API address (docs/metrics.md); the dashboard's live "
            + "rates need it. Off by default, as in Traefik: counting costs about 6 % of throughput."),
        new(AccessLog, OptionKind.Bool, "false",
            "Write one access log line per request, off the request path (docs/metrics.md)."),
        new(AccessLogFilePath, OptionKind.String, null,
            "File the access log is appended to. Standard output when unset."),
        new(AccessLogFormat, OptionKind.Enum, "common",
            "common writes Traefik's CLF line; json one JSON object per line with Traefik's field names.")
        {
            Choices = ["common", "json"],
        },
        new(ResolverEmail, OptionKind.String, null,
            "E-mail address of ACME certificate resolver <name>'s account, which the CA may write to about expiring "
            + "certificates. Routers ask for the resolver by name with tls.certresolver=<name> (docs/acme.md)."),
        new(ResolverCaServer, OptionKind.String, "https://acme-v02.api.letsencrypt.org/directory",
            "ACME directory URL of resolver <name>'s CA; Let's Encrypt production by default, its staging directory "
            + "https://acme-staging-v02.api.letsencrypt.org/directory while trying things out."),
        new(ResolverStorage, OptionKind.String, "acme.json",
            "File where this node keeps the accounts and certificates the cluster obtained for resolver <name>, so that "
            + "a restart of every node orders nothing again. Holds private keys: it is written readable by the owner only."),
        new(ResolverKeyType, OptionKind.Enum, "EC256",
            "Key type of the certificates resolver <name> orders. Traefik's RSA8192 is not offered: it is refused at start.")
        {
            Choices = ["EC256", "EC384", "RSA2048", "RSA4096"],
        },
        new(ResolverHttpChallengeEntryPoint, OptionKind.String, null,
            "Answer the CA's HTTP-01 challenges on this entrypoint (it must listen on port 80 as the CA sees it); every "
            + "node answers, whichever the CA reaches. Give this or --certificatesresolvers.<name>.acme.tlschallenge."),
        new(ResolverTlsChallenge, OptionKind.Bool, "false",
            "Answer the CA's TLS-ALPN-01 challenges on the TLS entrypoints (port 443 as the CA sees it). When both "
            + "challenges are given, HTTP-01 is used."),
        new(ResolverCertificatesDuration, OptionKind.Int, "2160",
            "Hours a certificate of resolver <name> is expected to last (2160: Let's Encrypt's 90 days); a certificate "
            + "is renewed once less than a third of this, or of its own lifetime if shorter, is left."),
        new(ResolverCaCertificates, OptionKind.FileList, null,
            "PEM files of the CA certificates that resolver <name>'s ACME server's own HTTPS certificate chains to, for "
            + "a private CA; they replace the system's roots for that server only."),
        new(ConfigFile, OptionKind.String, null,
            "YAML file of static options (Traefik's static configuration shape). Read from flags and "
            + "the environment only."),
    ];

    /// <summary>What an operator-chosen name may hold: it becomes a key segment and a log field.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant)]
    public static partial Regex ValidName();

    public static StaticOption? Find(string key, out string? name)
    {
        foreach (var option in All)
        {
            if (option.Matches(key, out name))
            {
                return option;
            }
        }

        name = null;
        return null;
    }
}
