using Akka.DistributedData;
using Proxy.Actors.Certificates;
using Proxy.Actors.Cluster;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.State;

public sealed class AcmeReplicationKeysTests
{
    [Fact]
    public void Certificate_SameNamesInAnyOrderAndCase_SameKey()
    {
        Assert.Equal(
            AcmeReplicationKeys.Certificate("le", ["a.example.com", "b.example.com"]).Id,
            AcmeReplicationKeys.Certificate("le", ["B.example.com", "a.example.com", "a.example.com"]).Id);
        Assert.NotEqual(
            AcmeReplicationKeys.Certificate("le", ["a.example.com"]).Id,
            AcmeReplicationKeys.Certificate("staging", ["a.example.com"]).Id);
        Assert.NotEqual(
            AcmeReplicationKeys.Certificate("le", ["a.example.com"]).Id,
            AcmeReplicationKeys.Certificate("le", ["a.example.com", "b.example.com"]).Id);
    }

    [Fact]
    public void Parse_KeysOfTheIndex_TypedKeysTheSweepLeavesAlone()
    {
        var account = AcmeReplicationKeys.Account("123");
        var certificate = AcmeReplicationKeys.Certificate("le", ["a.example.com"]);

        Assert.IsType<LWWRegisterKey<AcmeAccountEntry>>(AcmeReplicationKeys.Parse(account.Id));
        Assert.IsType<LWWRegisterKey<AcmeCertificateEntry>>(AcmeReplicationKeys.Parse(certificate.Id));
        Assert.Null(AcmeReplicationKeys.Parse("config/127.0.0.1:4053/1/0"));
        // The cluster's ACME keys belong to no node run: the sweep of dead runs' keys must never delete them.
        foreach (var id in new[] { account.Id, certificate.Id, AcmeReplicationKeys.Index.Id, AcmeReplicationKeys.Challenges.Id })
        {
            Assert.False(ReplicationKeys.TryParse(id, out _, out _), id);
        }
    }
}
