using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Proxy.Node.Acme;
using Xunit;

namespace Proxy.Node.Tests.Acme;

/// <summary>The wiring on a node that runs no ordering singleton: the configuration's own problems still show.</summary>
public sealed class AcmeOrderingWiringTests : TestKit
{
    public AcmeOrderingWiringTests()
        : base(ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            """))
    {
    }

    [Fact]
    public void Start_NoResolverHereAndARouterNamingOne_ErrorOnThisNodesRouter()
    {
        AcmeOrderingWiring.Start(Sys, ImmutableSortedDictionary<string, AcmeResolverSettings>.Empty.WithComparers(StringComparer.Ordinal), ActorRefs.Nobody, TimeProvider.System);

        var changed = new TlsConfigurationChanged(ValidatedTls.Empty,
            [new TlsRouterDemand("shop@docker", ["websecure"], new RouterTlsConfig("le", [], null), ["shop.example.com"])]);
        TlsConfigurationCell.Get(Sys).Publish(changed);
        Sys.EventStream.Publish(changed);

        AwaitAssert(() => Assert.Equal(
            "router shop@docker uses a nonexistent certificate resolver le (none is configured); it serves the default certificate",
            Assert.Single(AcmeRouterStatusCell.Get(Sys).Current["shop@docker"])), TimeSpan.FromSeconds(5));
    }
}
