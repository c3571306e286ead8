using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Cluster;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Cluster;

public sealed class ProxySerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-tests", ClusterSerializationConfig.Config);

    private ProxySerializer Serializer => new((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    public static TheoryData<string, IClusterMessage> Messages() => new()
    {
        { "every field set", ClusterSamples.Snapshot(ClusterSamples.EveryFieldSet(), readFailed: true) },
        { "every optional field null", ClusterSamples.Snapshot(ClusterSamples.EveryOptionalFieldNull()) },
        { "empty config, no errors", new ProviderSnapshot("", "", 0, DynamicConfig.Empty, [], false) },
        { "negative version", new ProviderSnapshot("n", "p", -1, DynamicConfig.Empty, [], false) },
        { "observation up", ClusterSamples.Observation(0) },
        { "observation ejected", ClusterSamples.Observation(3) },
        { "observation before the epoch", new BackendObservation("n", "http://a", ObservedHealth.Draining, "stop signal", -1) },
        { "observation with an expiry", ClusterSamples.Observation(3) with { ExpiresAtUnixMs = 1_760_000_002_000L } },
        { "config shard of every field", ConfigSharding.Split("127.0.0.1:4053", 42, [ClusterSamples.Snapshot(ClusterSamples.EveryFieldSet(), readFailed: true)])[0] },
        { "config shard of two providers", new ConfigShard("n", 15, 3, [ClusterSamples.Snapshot(ClusterSamples.EveryOptionalFieldNull()), ClusterSamples.Snapshot(DynamicConfig.Empty) with { Provider = "file" }]) },
        { "empty config shard", new ConfigShard("", 0, 0, []) },
        { "health report", new NodeHealthReport("127.0.0.1:4053", 9, [.. Enumerable.Range(0, 4).Select(i => ClusterSamples.Observation(i) with { ExpiresAtUnixMs = i * 1_000L })]) },
        { "empty health report", new NodeHealthReport("n", 1, []) },
        {
            "node status",
            new NodeStatus("127.0.0.1:4053", 17, DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123L),
            [
                new SourceStatus("docker", "unix:///var/run/docker.sock", true, 1_000, null),
                new SourceStatus("file", "/etc/proxy/dynamic.yml", false, 0, "yaml: line 3"),
            ])
        },
        { "node status without sources", new NodeStatus("n", 0, DateTimeOffset.UnixEpoch, []) },
        { "acme account", new AcmeAccountEntry(new AcmeStoredAccount("le", new Uri("https://acme-v02.api.letsencrypt.org/directory"), "ops@example.com", "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n", new Uri("https://ca.test/acct/7"))) },
        { "acme account not yet registered", new AcmeAccountEntry(new AcmeStoredAccount("le", new Uri("https://ca.test/dir"), "", "k", null)) },
        {
            "acme certificate",
            new AcmeCertificateEntry(new AcmeStoredCertificate(
                "le", ["shop.example.com", "www.shop.example.com"], "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n", "key",
                DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000L), "127.0.0.1:4053", DateTimeOffset.FromUnixTimeMilliseconds(1_782_000_000_123L)))
        },
        { "acme challenge", new AcmeChallengeEntry(new AcmeChallengeAnswer("shop.example.com", AcmeChallenge.Http01, "tok", "tok.thumb"), 1_782_000_000_000L) },
        {
            "acme router problems",
            new AcmeRouterProblemsEntry("127.0.0.1:4053", [new AcmeRouterProblem("shop@docker", "certificate resolver le could not obtain a certificate"), new AcmeRouterProblem("api@file", "")], 3)
        },
        { "no acme router problems", new AcmeRouterProblemsEntry("", [], 0) },
        { "formation probe", Proxy.Actors.Cluster.Formation.FormationProbe.Instance },
        { "formation probe answered by a member", new Proxy.Actors.Cluster.Formation.FormationProbeResult("akka.tcp://proxy@127.0.0.3:4040", ["akka.tcp://proxy@127.0.0.1:4040", "akka.tcp://proxy@127.0.0.3:4040"]) },
        { "formation probe answered by a node not yet joined", new Proxy.Actors.Cluster.Formation.FormationProbeResult("akka.ssl.tcp://proxy@[::1]:4040", []) },
        { "formation probe answered by a node forming its cluster", new Proxy.Actors.Cluster.Formation.FormationProbeResult("akka.tcp://proxy@127.0.0.2:4040", [], Forming: true) },
        { "rate lease request", new Proxy.Actors.RateLimiting.LeaseRequest("api@docker|limit@docker|198.51.100.7", 33.333, 50, 7, "akka.tcp://proxy@127.0.0.1:4053", 121.5, Moved: false) },
        { "rate lease request of a moved key", new Proxy.Actors.RateLimiting.LeaseRequest("k", 0.5, 1, 1, "akka.tcp://proxy@127.0.0.2:4053", 1, Moved: true) },
        { "rate lease granted", new Proxy.Actors.RateLimiting.LeaseGrant(5, TimeSpan.Zero, false) },
        { "rate lease refused", new Proxy.Actors.RateLimiting.LeaseGrant(0, TimeSpan.FromTicks(123_456), false) },
        { "rate lease untracked", new Proxy.Actors.RateLimiting.LeaseGrant(0, TimeSpan.Zero, true) },
        { "slot request", new Proxy.Actors.RateLimiting.SlotRequest("k", 10, "akka.tcp://proxy@127.0.0.1:4053") },
        { "slot granted", new Proxy.Actors.RateLimiting.SlotGrant(true, false) },
        { "slot untracked", new Proxy.Actors.RateLimiting.SlotGrant(false, true) },
        { "slot release", new Proxy.Actors.RateLimiting.SlotRelease("k", 3, "akka.tcp://proxy@127.0.0.1:4053") },
    };

    [Fact]
    public void FromBinary_ProbeAnswerOfTheFirstFormat_ReadAsNotForming()
    {
        // FR1 as an earlier build writes it: format version, responder, one member; no "forming" flag.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(ProxySerializer.FormatVersion);
            writer.Write("akka.tcp://proxy@127.0.0.3:4040");
            writer.Write7BitEncodedInt(1);
            writer.Write("akka.tcp://proxy@127.0.0.1:4040");
        }

        var back = (Proxy.Actors.Cluster.Formation.FormationProbeResult)Serializer.FromBinary(stream.ToArray(), "FR1");

        Assert.Equal(new Proxy.Actors.Cluster.Formation.FormationProbeResult("akka.tcp://proxy@127.0.0.3:4040", ["akka.tcp://proxy@127.0.0.1:4040"]), back);
        Assert.False(back.Forming);
    }

    [Fact]
    public void FromBinary_LeaseRequestOfTheFirstFormat_ReadWithoutNodeDemandOrMove()
    {
        // LQ1 as an earlier build writes it: format version, key, rate, burst, wanted.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(ProxySerializer.FormatVersion);
            writer.Write("api@docker|limit@docker|198.51.100.7");
            writer.Write(100.0);
            writer.Write7BitEncodedInt64(10);
            writer.Write7BitEncodedInt(5);
        }

        var back = (Proxy.Actors.RateLimiting.LeaseRequest)Serializer.FromBinary(stream.ToArray(), "LQ1");

        Assert.Equal(new Proxy.Actors.RateLimiting.LeaseRequest("api@docker|limit@docker|198.51.100.7", 100, 10, 5, "", 0, Moved: false), back);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void ToBinary_ThenFromBinary_ReturnsEveryFieldUnchanged(string scenario, IClusterMessage message)
    {
        var serializer = Serializer;

        var bytes = serializer.ToBinary(message);
        var back = serializer.FromBinary(bytes, serializer.Manifest(message));

        Assert.False(bytes.Length == 0, scenario);
        StructuralAssert.Equal(message, back);
    }

    [Fact]
    public void ToBinary_NodeStatus_KeepsThePublicationTimeToTheMillisecondInUtc()
    {
        var serializer = Serializer;
        var published = new DateTimeOffset(2025, 10, 9, 12, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4_567);
        var message = new NodeStatus("n", 1, published, []);

        var back = (NodeStatus)serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));

        Assert.Equal(new DateTimeOffset(2025, 10, 9, 10, 30, 15, 123, TimeSpan.Zero), back.PublishedAt);
        Assert.Equal(TimeSpan.Zero, back.PublishedAt.Offset);
    }

    [Fact]
    public void ToBinary_ListsNotGivenAndGivenEmpty_ReadBackAsTheyWere()
    {
        var serializer = Serializer;
        var config = DynamicConfig.Empty with
        {
            Routers = DynamicConfig.Empty.Routers.Add("r", new RouterConfig(null, default, [], null, null)),
        };
        var message = new ProviderSnapshot("n", "p", 1, config, default, false);

        var back = (ProviderSnapshot)serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));

        // A message's own arrays: default and empty mean the same.
        Assert.False(back.Errors.IsDefault);
        Assert.Empty(back.Errors);
        // A configuration list not given is not an empty one (errors' errorRequestHeaders: absent forwards every header, [] none).
        Assert.True(back.Config.Routers["r"].EntryPoints.IsDefault);
        Assert.False(back.Config.Routers["r"].Middlewares.IsDefault);
        Assert.Empty(back.Config.Routers["r"].Middlewares);
    }

    [Fact]
    public void FromBinary_Maps_UseTheOrdinalComparer()
    {
        var serializer = Serializer;
        var message = ClusterSamples.Snapshot(ClusterSamples.EveryFieldSet());

        var back = (ProviderSnapshot)serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));

        Assert.Same(StringComparer.Ordinal, back.Config.Routers.KeyComparer);
    }

    // A configuration payload's first bytes: its format version, then the fingerprint of the declarations.
    private static readonly byte[] ConfigHeader = [ConfigWireFormat.Version, .. BitConverter.GetBytes(ConfigWireFormat.Fingerprint)];

    public static TheoryData<string, string, byte[], string> BadPayloads() => new()
    {
        { "unknown manifest", "XX9", [ProxySerializer.FormatVersion], "unknown manifest 'XX9'" },
        { "newer format", "BO1", [ProxySerializer.FormatVersion + 1], $"format version {ProxySerializer.FormatVersion + 1}" },
        { "truncated", "BO1", [ProxySerializer.FormatVersion, 3, (byte)'a'], "truncated" },
        { "truncated configuration", "PS1", [.. ConfigHeader, 3, (byte)'a'], "truncated" },
        { "shard cut in its fingerprint", "CS1", [ConfigWireFormat.Version, 1], "truncated" },
        { "newer configuration format", "PS1", [(byte)(ConfigWireFormat.Version + 1), 1, 2, 3, 4], $"configuration format {ConfigWireFormat.Version + 1} (0x04030201) is newer than format {ConfigWireFormat.Version}" },
        { "configuration of other declarations", "PS1", [ConfigWireFormat.Version, 1, 2, 3, 4], "declares other fields than this node's" },
        { "bad health", "BO1", [ProxySerializer.FormatVersion, 1, (byte)'n', 1, (byte)'u', 9], "unknown backend health 9" },
        // Node "", provider "", version 0, then the config: an empty prefix table, no router, one service "s"
        // with a load balancer whose one server has no url, no weight, no draining flag and names prefix 1.
        { "bad source prefix", "PS1", [.. ConfigHeader, 0, 0, 0, 0, 0, 1, 1, (byte)'s', 1, 1, 0, 0, 0, 1], "source prefix 0 of a table of 0 at http.services['s'].loadBalancer.servers[0].source" },
    };

    [Theory]
    [MemberData(nameof(BadPayloads))]
    public void FromBinary_BadPayload_ThrowsSerializationExceptionNamingTheProblem(string scenario, string manifest, byte[] bytes, string expected)
    {
        var error = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, manifest));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{scenario}: {error.Message}");
    }

    public static TheoryData<string, byte[], string> ForeignShards() => new()
    {
        { "newer", [(byte)(ConfigWireFormat.Version + 1), 1, 2, 3, 4, 0xFF, 0xFF], $"configuration format {ConfigWireFormat.Version + 1} (0x04030201) is newer than format {ConfigWireFormat.Version}" },
        // Format 2 (the hand-written codec) had no fingerprint: node "n", shard 1, version 1, no provider.
        { "older", [2, 1, (byte)'n', 1, 1, 0], $"configuration format 2 is older than format {ConfigWireFormat.Version}" },
        { "other declarations", [ConfigWireFormat.Version, 1, 2, 3, 4, 0], "declares other fields than this node's" },
    };

    [Theory]
    [MemberData(nameof(ForeignShards))]
    public void FromBinary_ShardInAnotherFormat_RefusedAndPassedOnUnchanged(string scenario, byte[] bytes, string expected)
    {
        var serializer = Serializer;

        var shard = (ConfigShard)serializer.FromBinary(bytes, ProxySerializer.ConfigShardManifest);

        Assert.True(shard.Refused is { } refused && refused.Reason.Contains(expected, StringComparison.Ordinal), $"{scenario}: {shard.Refused?.Reason}");
        Assert.Equal(bytes, shard.Refused!.Payload);
        Assert.Empty(shard.Providers);
        Assert.Equal(bytes, serializer.ToBinary(shard));
    }

    [Theory]
    [InlineData(ProxySerializer.FormatVersion + 1)]
    [InlineData(ProxySerializer.FormatVersion - 1)]
    public void FromBinary_RouterProblemsInAnotherFormat_RefusedAndPassedOnUnchanged(int version)
    {
        var serializer = Serializer;
        byte[] bytes = [(byte)version, 0xFF, 0xFE, 7];

        var entry = (AcmeRouterProblemsEntry)serializer.FromBinary(bytes, ProxySerializer.AcmeRouterProblemsManifest);

        Assert.Equal($"ACME router problems in format version {version}; this node reads version {ProxySerializer.FormatVersion}", entry.Unread?.Reason);
        Assert.Empty(entry.Problems);
        Assert.Equal(bytes, serializer.ToBinary(entry));
    }

    [Fact]
    public void Manifest_NotAClusterMessage_ThrowsSerializationException()
    {
        var error = Assert.Throws<SerializationException>(() => Serializer.Manifest(new ConfigError("s", "p", "m")));

        Assert.Contains(nameof(ConfigError), error.Message);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void FindSerializerFor_ClusterMessageWithTheHocon_IsProxySerializer(string scenario, IClusterMessage message)
    {
        var found = _system.Serialization.FindSerializerFor(message);

        Assert.IsType<ProxySerializer>(found);
        Assert.True(found.Identifier == ProxySerializer.SerializerId, scenario);
    }

    [Fact]
    public void Serialize_ThroughAkkaSerialization_RoundTripsWithManifestAndIdentifier()
    {
        var message = ClusterSamples.Snapshot(ClusterSamples.EveryFieldSet());
        var serializer = (Akka.Serialization.SerializerWithStringManifest)_system.Serialization.FindSerializerFor(message);

        var bytes = serializer.ToBinary(message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, serializer.Manifest(message));

        StructuralAssert.Equal(message, back);
    }
}
