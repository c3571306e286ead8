using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Proxy.Actors.Backends;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Proxy.Discovery.Docker;
using Proxy.Discovery.File;
using Proxy.Node.Api;
using Proxy.Node.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node;

/// <summary>
/// Composes one node: the actor system with its configuration actor and providers, and Kestrel
/// with the entry points and the API. Stops in the order an operator expects: /ping 503, keep
/// accepting for the accept grace, finish in-flight requests, then stop the actors; the same when
/// the cluster ends the node, which then exits non-zero (<see cref="Hosting.ExitCodes"/>).
/// </summary>
public static class NodeHost
{
    public static async Task<int> RunAsync(
        Hosting.StaticConfig config, ImmutableArray<Hosting.ConfigWarning> warnings, CancellationToken cancellation = default)
    {
        var node = Create(config, warnings);
        IDisposable? signals = null;
        try
        {
            // Read before running: RunAsync disposes the services.
            var lifecycle = node.Services.GetRequiredService<Hosting.NodeLifecycle>();
            // Installed until the process ends, the stop included (disposed below, after the cluster is left).
            signals = node.Services.GetRequiredService<Hosting.ReloadSignals>().Register();
            await node.App.RunAsync(cancellation).ConfigureAwait(false);
            // Non-zero when the cluster, not a signal, ended the node (ClusterExitService).
            return lifecycle.ExitCode;
        }
        catch (IOException e) when (e.Message.StartsWith("Failed to bind", StringComparison.Ordinal))
        {
            // Kestrel's bind failure is the one start-up error an operator commonly meets:
            // say which address, without a stack trace.
            await Console.Error.WriteLineAsync($"proxy-node: cannot listen: {e.Message}").ConfigureAwait(false);
            return Hosting.ExitCodes.CannotListen;
        }
        finally
        {
            await node.StopActorsAsync().ConfigureAwait(false);
            signals?.Dispose();
        }
    }

    /// <summary>
    /// The composition root, for the binary and the in-process tests alike: a node is always a
    /// cluster member (a cluster of one when it has no seeds), its providers always report through
    /// the shared configuration, and whatever differs between a test and production is static
    /// configuration (ports, addresses, log level), never another path through this code.
    /// </summary>
    /// <param name="warnings">What the configuration's sources ignored (<see cref="Hosting.StaticConfigResult.Warnings"/>), logged once at start.</param>
    public static Hosting.ProxyNode Create(Hosting.StaticConfig config, ImmutableArray<Hosting.ConfigWarning> warnings = default)
    {
        var system = Hosting.ActorSystemFactory.Create(config);
        try
        {
            return new Hosting.ProxyNode(Build(config, warnings.IsDefault ? [] : warnings, system), system);
        }
        catch
        {
            // Nothing else was started: the actor system must not outlive the failed composition.
            CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).GetAwaiter().GetResult();
            throw;
        }
    }

    private static WebApplication Build(Hosting.StaticConfig config, ImmutableArray<Hosting.ConfigWarning> warnings, ActorSystem system)
    {
        // One pool of connections per server, closed when a snapshot drains or removes the server.
        var backends = new Forwarding.BackendInvokers(transport => Hosting.BackendClient.Create(config.DialTimeout, transport));
        system.RegisterOnTermination(backends.Dispose);
        var probes = new Hosting.ProbeClients(transport => Hosting.BackendClient.Create(TimeSpan.FromSeconds(5), transport));
        var cell = new SnapshotCell(snapshot =>
        {
            backends.Retain(snapshot);
            probes.Retain(snapshot);
        });
        var lifecycle = new Hosting.NodeLifecycle();
        var prober = new HttpHealthProber(probes.For);
        var settings = new ConfigurationSettings([.. config.EntryPoints.Keys], InternalServices.Names)
        {
            EntryPointTls = config.EntryPoints.Values
                .Where(e => e.Tls is not null)
                .ToImmutableDictionary(e => e.Name, e => e.Tls!, StringComparer.Ordinal),
        };
        // Subscribed before the configuration actor starts, so they hear its first publication.
        // The store's reference is kept so that whatever starts later (the ACME state actor) is handed to
        // it directly: an ActorSelection by path would fail silently if the actor's name ever changed.
        var (certificates, certificateStore) = StartCertificateStore(system);
        var handshakeOptions = new Tls.HandshakeOptionsCell();
        system.EventStream.Subscribe(
            system.ActorOf(Tls.HandshakeOptionsActor.Props(handshakeOptions, new Proxy.Actors.Tls.CertificateFileReader()), "tls-handshake-options"),
            typeof(Proxy.Actors.Tls.TlsConfigurationChanged));
        // Before the configuration actor: the first routers it builds may hold cluster-scoped limits.
        var clusterLimiter = new Proxy.Actors.RateLimiting.ClusterLimiter(
            system, Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), TimeProvider.System, Proxy.Actors.RateLimiting.ClusterLimiterSettings.Default);
        system.ActorOf(Proxy.Actors.RateLimiting.RateLimiterActor.Props(clusterLimiter, TimeProvider.System), Proxy.Actors.RateLimiting.ClusterLimiter.ActorName);
        var middlewares = new Middlewares.HttpMiddlewareFactory(
            TimeProvider.System, new Proxy.Actors.ActorLogger(Akka.Event.Logging.GetLogger(system, "middlewares")), clusterLimiter);
        // Its auth servers' pool and password-check gate outlive every router; freed once no actor can use them.
        system.RegisterOnTermination(middlewares.Dispose);
        var configuration = system.ActorOf(ConfigurationActor.Props(settings, cell, prober, TimeProvider.System, middlewares), "configuration");
        // The providers report to the shared configuration, which replicates what they found and
        // hands the configuration actor every member's view merged (only its own in a cluster of one).
        var sharing = SharingSettings.Default with { RemovedNodeGrace = config.Cluster.RemovedGrace };
        var health = system.ActorOf(SharedHealthActor.Props(sharing, TimeProvider.System), "shared-health");
        var providerSink = system.ActorOf(SharedConfigActor.Props(configuration, health, sharing, TimeProvider.System), "shared-config");

        IActorRef? fileProvider = null;
        if (config.FileProvider is { } file)
        {
            fileProvider = system.ActorOf(FileProviderActor.Props(Path.GetFullPath(file.Filename), file.Watch, providerSink), "provider-file");
        }

        if (config.Docker is { } docker)
        {
            system.ActorOf(DockerProviderActor.Props(docker, providerSink, TimeProvider.System), "provider-docker");
        }

        // The embedded whoami is for a node told nothing; with any provider it would answer requests
        // that provider's routers do not match, which an operator would take for their own backend.
        // A node given seeds is told something too: it serves the routers its cluster's providers
        // discovered, and a catch-all would answer with 200 for a host no router matches any more
        // (a removed node's containers once the grace is over) while the other nodes answer 404.
        if (config.FileProvider is null && config.Docker is null && !config.Cluster.HasSeeds)
        {
            configuration.Tell(new ProviderConfigurationChanged(
                Hosting.EmbeddedDefault.Provider, Hosting.EmbeddedDefault.Config(config.EntryPoints.Keys), []));
        }

        var metrics = config.MetricsPrometheus ? new Observability.ProxyMetrics(cell, system, certificates) : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // One line per entry whatever a message holds: label keys, rules and request paths reach it.
        builder.Logging.AddConsole(o => o.FormatterName = Observability.SingleLineLogFormatter.FormatterName);
        builder.Logging.AddConsoleFormatter<Observability.SingleLineLogFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        builder.Logging.SetMinimumLevel(config.LogLevel);
        // Kestrel's own request logs would repeat every proxy error at warning level.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // A failed start is reported by RunAsync in one line; the host would add a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        // YARP logs every failed attempt with a stack trace; the handler logs them once, briefly.
        builder.Logging.AddFilter("Yarp", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Kestrel would keep only the option of "Connection: close, X-Secret": see ConnectionHeaderEncoding.
            kestrel.RequestHeaderEncodingSelector = ConnectionHeaderEncoding.Select;
            kestrel.Limits.MaxRequestBodySize = null;
            var handshake = new Tls.TlsHandshake(
                certificates, handshakeOptions, kestrel.ApplicationServices.GetRequiredService<ILogger<Tls.TlsHandshake>>(), TimeProvider.System);
            // A silent new connection is closed after Kestrel's keep-alive time, as before the TLS peek.
            var timeouts = new Tls.EntryPointTlsTimeouts(kestrel.Limits.KeepAliveTimeout, TimeSpan.FromSeconds(10));
            foreach (var entryPoint in config.EntryPoints.Values)
            {
                var count = metrics is null ? null : CountConnections(metrics, entryPoint.Name);
                Listen(kestrel, entryPoint.Listen, listen =>
                {
                    count?.Invoke(listen);
                    // First of the entry point's own middlewares: the PROXY header precedes TLS and HTTP alike.
                    if (entryPoint.ProxyProtocol is { } proxyProtocol)
                    {
                        ProxyProtocol.ProxyProtocolMiddleware.Use(
                            listen, entryPoint.Name, proxyProtocol, timeouts.FirstByte,
                            kestrel.ApplicationServices.GetRequiredService<ILogger<ProxyProtocol.ProxyProtocolMiddleware>>(), TimeProvider.System);
                    }

                    Tls.EntryPointListener.Configure(listen, entryPoint.Name, handshake, certificates, timeouts, TimeProvider.System);
                });
            }

            // The token and the cluster's view cross these listeners: HTTPS when the operator gave a certificate.
            var apiTls = config.ApiTls is { } tls ? tls.Load() : null;
            Action<ListenOptions>? https = apiTls is null ? null : listen => listen.UseHttps(apiTls);
            Listen(kestrel, config.ApiAddress, https);
            if (config.ManagementAddress is { } management)
            {
                Listen(kestrel, management, https);
            }
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = config.RequestAcceptGraceTimeout + config.GraceTimeout);
        builder.Services.AddRoutingCore();
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton(config);
        // What the entry points serve; the certificate store and the certificates API share it.
        builder.Services.AddSingleton(certificates);
        builder.Services.AddSingleton(handshakeOptions);
        builder.Services.AddSingleton(lifecycle);
        builder.Services.AddHostedService<Hosting.AcceptGraceService>();
        builder.Services.AddSingleton(system);
        builder.Services.AddHostedService<Hosting.ClusterExitService>();
        if (config.AccessLog is { } accessLogSettings)
        {
            // Registered before the web server, which WebApplication adds last: stopped after it, so
            // the lines of the requests Kestrel drains are written before the process exits.
            builder.Services.AddSingleton(services => new Observability.AccessLogWriter(
                accessLogSettings, metrics is null ? null : metrics.AccessLogDropped, services.GetRequiredService<ILogger<Observability.AccessLogWriter>>()));
            builder.Services.AddHostedService(services => services.GetRequiredService<Observability.AccessLogWriter>());
        }

        builder.Services.AddSingleton(services => new Hosting.ReloadSignals(
            fileProvider, services.GetService<Observability.AccessLogWriter>(), services.GetRequiredService<ILogger<Hosting.ReloadSignals>>()));
        var app = builder.Build();
        Hosting.ConfigWarningLog.LogAll(app.Services.GetRequiredService<ILogger<Hosting.StaticConfig>>(), warnings);
        var options = new ForwardingOptions(config.ResponseHeaderTimeout, config.RequestActorMode)
        {
            MirrorMaxBodySize = config.MirrorMaxBodySize,
            MirrorMaxBytesInFlight = config.MirrorMaxBytesInFlight,
            ForwardedHeaders = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(
                config.EntryPoints, entry => entry.Key, entry => entry.Value.ForwardedHeaders, StringComparer.Ordinal),
            Redirections = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(
                config.EntryPoints.Where(entry => entry.Value.Redirection is not null), entry => entry.Key, entry => entry.Value.Redirection!, StringComparer.Ordinal),
            HttpChallengeEntryPoints = System.Collections.Frozen.FrozenSet.ToFrozenSet(
                config.CertificateResolvers.Values.Select(resolver => resolver.HttpChallengeEntryPoint).OfType<string>(), StringComparer.Ordinal),
        };
        var handler = new ProxyHandler(cell, app.Services.GetRequiredService<IHttpForwarder>(), backends, system, new InternalServices(lifecycle), options, app.Services.GetRequiredService<ILogger<ProxyHandler>>(), Observability.RequestObservers.Of(metrics, app.Services.GetService<Observability.AccessLogWriter>()))
        {
            TlsOptions = handshakeOptions,
        };
        var listeners = new Hosting.ListenerMap(config);
        var info = new ApiInfo(
            System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(config.EntryPoints.Select(e => KeyValuePair.Create(e.Key, e.Value.Address))),
            Hosting.StaticConfigHelp.Version(),
            DateTimeOffset.UtcNow);

        // The API gets its own little pipeline; the entry points get the handler and nothing else,
        // so a proxied request pays for one listener lookup and no routing middleware.
        // On an API address others can reach, the cluster routes (which can down members) need the token.
        var clusterOnApi = config.ManagementAddress is null
            && (config.ApiAddress.IsLoopback || config.ManagementToken is not null);
        if (config.ManagementAddress is null && !clusterOnApi)
        {
            app.Logger.LogWarning(
                "The cluster API is not served: the API listens on {Address}, not loopback, and no --management.token is set",
                config.ApiAddress);
        }

        // Every endpoint of these listeners but the probes sits in a route group whose filter checks
        // the Host; the cluster routes carry their own token and read-only filters (ClusterEndpoints).
        var hosts = new ApiHostFilter(ApiHostPolicy.For(config, Dns.GetHostName()), app.Services.GetRequiredService<ILogger<ApiHostFilter>>());
        var access = ClusterApiAccess.For(config);
        var clusterLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ClusterEndpoints));
        var transport = ClusterTls.ClusterTransportSecurity.For(config.Cluster);
        if (transport == ClusterTls.ClusterTransportSecurityKind.Insecure)
        {
            ClusterTls.ClusterTransportLog.Insecure(clusterLog, config.Cluster.Hostname);
        }

        // One per node, always: the resolvers' storage comes from their options (--certificatesresolvers.<name>.acme.storage).
        var acmeState = Acme.AcmeStateWiring.Start(system, AcmeResolvers(config), transport, app.Logger);
        // The certificate store started before the state actor existed: it serves the cluster's ACME certificates from now on.
        certificateStore.Tell(new Proxy.Actors.Tls.FollowAcmeState(acmeState));
        Acme.AcmeOrderingWiring.Start(system, config.CertificateResolvers, acmeState, TimeProvider.System);
        var api = Pipeline(app, hosts, open =>
        {
            open.MapPing(lifecycle);
            if (clusterOnApi)
            {
                open.MapClusterProbes(system);
            }
        }, guarded =>
        {
            guarded.MapProxyApi(cell, info, Proxy.Actors.Cluster.ClusterViewCell.Get(system), certificates,
                Proxy.Actors.Certificates.AcmeStorageErrorsCell.Get(system), Proxy.Actors.Certificates.Resolving.AcmeRouterStatusCell.Get(system),
                config.CertificateResolvers.ToDictionary(r => r.Key, r => r.Value.CertificatesDuration, StringComparer.Ordinal));
            guarded.MapDashboard();
            if (metrics is not null)
            {
                guarded.MapMetrics(metrics.Registry);
            }

            if (clusterOnApi)
            {
                guarded.MapClusterApi(system, access, transport, clusterLog);
            }
        });
        var management = config.ManagementAddress is null
            ? null
            : Pipeline(app, hosts, open => open.MapClusterProbes(system), guarded => guarded.MapClusterApi(system, access, transport, clusterLog));
        app.Run(context =>
        {
            listeners.TryGetEntryPoint(context.Connection.LocalIpAddress, context.Connection.LocalPort, out var entryPoint);
            return entryPoint switch
            {
                null => api(context),
                Hosting.ListenerMap.Management => management is null ? Task.CompletedTask : management(context),
                _ => handler.HandleAsync(context, entryPoint),
            };
        });
        return app;
    }

    /// <summary>Each ACME resolver's storage file and CA, from its options (--certificatesresolvers.&lt;name&gt;.acme.*).</summary>
    private static System.Collections.Immutable.ImmutableArray<Proxy.Actors.Certificates.AcmeResolverStorage> AcmeResolvers(Hosting.StaticConfig config) =>
        [.. config.CertificateResolvers.Values.Select(resolver => resolver.StorageRecord)];

    /// <summary>
    /// The node's certificate store: the cell TLS handshakes read, and the actor that fills it from the
    /// TLS configuration, the certificate files and (once the cluster's ACME state exists) ACME.
    /// </summary>
    private static (Proxy.Actors.Tls.CertificateCell Cell, IActorRef Store) StartCertificateStore(ActorSystem system)
    {
        var generated = new Proxy.Actors.Tls.GeneratedDefaultCertificate(TimeProvider.System);
        var files = new Proxy.Actors.Tls.CertificateFileReader();
        var cell = new Proxy.Actors.Tls.CertificateCell(
            Proxy.Actors.Tls.CertificateStore.Build(Proxy.Actors.Configuration.Validation.ValidatedTls.Empty, files, TimeProvider.System, generated));
        // Subscribed here as well as in its PreStart, which runs later: the first configuration must not be missed.
        var store = system.ActorOf(Proxy.Actors.Tls.CertificateStoreActor.Props(cell, generated, files, TimeProvider.System, acmeState: null), "tls-certificates");
        system.EventStream.Subscribe(store, typeof(Proxy.Actors.Tls.TlsConfigurationChanged));
        return (cell, store);
    }

    /// <summary>
    /// A pipeline of its own for a non-proxy listener, so a proxied request pays for no routing
    /// middleware. The probes are open; everything else is mapped into a group that checks the Host.
    /// </summary>
    private static RequestDelegate Pipeline(
        WebApplication app,
        ApiHostFilter hosts,
        Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder> open,
        Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder> guarded)
    {
        var pipeline = ((IApplicationBuilder)app).New();
        pipeline.UseRouting();
        pipeline.UseEndpoints(endpoints =>
        {
            open(endpoints);
            guarded(endpoints.MapGroup("").AddEndpointFilter(hosts));
        });
        return pipeline.Build();
    }

    /// <summary>Counts a listener's open connections: a connection middleware, so requests pay nothing for it.</summary>
    private static Action<ListenOptions> CountConnections(Observability.ProxyMetrics metrics, string entryPoint) =>
        listen => listen.Use(next => async connection =>
        {
            metrics.ConnectionOpened(entryPoint);
            try
            {
                await next(connection).ConfigureAwait(false);
            }
            finally
            {
                metrics.ConnectionClosed(entryPoint);
            }
        });

    private static void Listen(KestrelServerOptions kestrel, Hosting.ListenAddress address, Action<ListenOptions>? configure)
    {
        configure ??= _ => { };
        var target = Hosting.ListenTarget.For(address);
        switch (target.Kind)
        {
            case Hosting.ListenTargetKind.AnyIP:
                kestrel.ListenAnyIP(target.Port, configure);
                break;
            case Hosting.ListenTargetKind.Localhost:
                kestrel.ListenLocalhost(target.Port, configure);
                break;
            case Hosting.ListenTargetKind.EndPoint:
                kestrel.Listen(target.EndPoint!, configure);
                break;
            default:
                foreach (var ip in Dns.GetHostAddresses(target.Name!))
                {
                    kestrel.Listen(ip, target.Port, configure);
                }

                break;
        }
    }
}
