using System.Collections.Immutable;
using Proxy.Actors.Certificates;
using Proxy.Node.Acme;
using Proxy.Node.ClusterTls;
using Xunit;

namespace Proxy.Node.Tests.Acme;

public sealed class AcmeStateWiringTests
{
    private static readonly ImmutableArray<AcmeResolverStorage> OneResolver = [new("le", "acme.json", new Uri("https://ca.test/dir"))];

    [Theory]
    [InlineData(true, ClusterTransportSecurityKind.Insecure, true)]
    [InlineData(true, ClusterTransportSecurityKind.LoopbackPlaintext, true)]
    [InlineData(true, ClusterTransportSecurityKind.MutualTls, false)]
    [InlineData(false, ClusterTransportSecurityKind.Insecure, false)]
    public void KeysInClear_ResolversAndTransport_WarnedUnlessMutualTlsOrNoResolver(bool resolvers, ClusterTransportSecurityKind transport, bool expected) =>
        Assert.Equal(expected, AcmeStateWiring.KeysInClear(resolvers ? OneResolver : [], transport));
}
