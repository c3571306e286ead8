using System.Runtime.Serialization;
using Akka.Actor;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// The configuration's wire format over samples generated from the declarations
/// (<see cref="DeclaredSamples"/>): a field added to any record is covered here without a new test.
/// </summary>
public sealed class ConfigWireRoundTripTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("config-wire-tests", ClusterSerializationConfig.Config);

    public void Dispose() => _system.Dispose();

    public static TheoryData<DeclaredSamples.Fill> Fills() =>
        [DeclaredSamples.Fill.Full, DeclaredSamples.Fill.Empty, DeclaredSamples.Fill.Missing, DeclaredSamples.Fill.AbsentRecords];

    [Theory]
    [MemberData(nameof(Fills))]
    public void ToBinaryFromBinary_EveryDeclaredField_ComesBackAsItWent(DeclaredSamples.Fill fill)
    {
        var config = DeclaredSamples.Of(fill);

        var back = RoundTrip(config);

        Assert.True(SchemaEquality.Same(DynamicConfig.Schema, config, back), fill.ToString());
        StructuralAssert.Equal(config, back);
        // Field by field, so that a failure names the field whose presence the wire lost.
        var sent = DeclaredSamples.Fields(DynamicConfig.Schema, config).ToList();
        var received = DeclaredSamples.Fields(DynamicConfig.Schema, back).ToList();
        Assert.Equal(sent.Select(f => f.Path), received.Select(f => f.Path));
        Assert.All(sent.Zip(received), pair => Assert.True(
            pair.First.Field.IsPresent(pair.First.Record) == pair.Second.Field.IsPresent(pair.Second.Record),
            $"{fill}: {pair.First.Path} was {(pair.First.Field.IsPresent(pair.First.Record) ? "present" : "absent")} before the wire"));
    }

    [Fact]
    public void Full_EveryDeclaredField_IsSetBySample()
    {
        // Guards the generator: a kind it did not fill would leave a field out of the round trip.
        var absent = DeclaredSamples.Fields(DynamicConfig.Schema, DeclaredSamples.Of(DeclaredSamples.Fill.Full))
            .Where(f => !f.Field.IsPresent(f.Record))
            .Select(f => f.Path)
            .ToList();

        Assert.Empty(absent);
    }

    [Fact]
    public void ToBinary_EmptyAndMissing_AreDifferentBytes()
    {
        var empty = Bytes(DeclaredSamples.Of(DeclaredSamples.Fill.Empty));
        var missing = Bytes(DeclaredSamples.Of(DeclaredSamples.Fill.Missing));

        Assert.NotEqual(empty, missing);
    }

    [Fact]
    public void FromBinary_EveryTruncation_ThrowsSerializationException()
    {
        var bytes = Bytes(DeclaredSamples.Of(DeclaredSamples.Fill.Full));

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<SerializationException>(() => Read(bytes[..length]));
            Assert.Contains("ProxySerializer: manifest 'PS1'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromBinary_EveryByteCorrupted_ThrowsOnlySerializationException()
    {
        var bytes = Bytes(DeclaredSamples.Of(DeclaredSamples.Fill.Full));

        // A changed byte inside a text is still a payload; anything else must be refused by name, never
        // thrown as another exception or read as a huge allocation.
        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var corrupt in new[] { (byte)0xFF, (byte)(bytes[i] + 1) })
            {
                var copy = (byte[])bytes.Clone();
                copy[i] = corrupt;
                try
                {
                    Read(copy);
                }
                catch (SerializationException)
                {
                }
            }
        }
    }

    // Offsets in the payload of Routers("router-0"): version, fingerprint (4), node "n", provider "p",
    // version 1, the empty prefix table, then the routers' count, the first name and its rule's marker.
    private const int RoutersAt = 11;
    private const int FirstNameAt = 12;
    private const int FirstRuleAt = FirstNameAt + 1 + 8;

    public static TheoryData<string, Func<byte[], byte[]>, string> Corruptions() => new()
    {
        { "presence marker", b => Splice(b, FirstRuleAt, [7]), "presence marker 7 (0 or 1 expected) at http.routers['router-0'].rule" },
        { "huge count", b => Splice(b, RoutersAt, [0xFF, 0xFF, 0xFF, 0xFF, 0x07]), "2147483647 elements with" },
        { "text longer than the payload", b => Splice(b, FirstNameAt, [0xFF, 0xFF, 0xFF, 0xFF, 0x07]), "a text of 2147483647 bytes with" },
        { "cut in a text", b => b[..(FirstRuleAt + 3)], "a text of 9 bytes with 1 bytes left at http.routers['router-0'].rule" },
        { "cut after a marker", b => b[..(FirstRuleAt + 1)], "configuration truncated at http.routers['router-0'].rule" },
        { "bytes after the message", b => [.. b, 0], "1 bytes left over after the message" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void FromBinary_Corrupt_NamesTheProblemAndWhere(string scenario, Func<byte[], byte[]> corrupt, string expected)
    {
        var bytes = corrupt(Bytes(Routers("router-0")));

        var error = Assert.Throws<SerializationException>(() => Read(bytes));

        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{scenario}: {error.Message}");
    }

    [Fact]
    public void FromBinary_MiddlewareTypeOutsideTheRegistry_NamesIt()
    {
        var config = DynamicConfig.Empty with { Middlewares = DynamicConfig.Empty.Middlewares.Add("m", MiddlewareConfig.Of(new AddPrefixConfig("/p"))) };
        var bytes = Bytes(config);
        // The snapshot's header, the empty prefix table, no router, no service, one middleware "m", one type: index 0.
        var typeIndex = Array.LastIndexOf(bytes, (byte)'m') + 2;
        Assert.Equal(0, bytes[typeIndex]);
        bytes[typeIndex] = 99;

        var error = Assert.Throws<SerializationException>(() => Read(bytes));

        Assert.Contains($"middleware type 99 after -1 (increasing indexes into a registry of {MiddlewareTypes.All.Length} expected) at http.middlewares['m']", error.Message, StringComparison.Ordinal);
    }

    private static DynamicConfig Routers(params string[] names) => DynamicConfig.Empty with
    {
        Routers = DynamicConfig.Empty.Routers.AddRange(names.Select(n => KeyValuePair.Create(n, new RouterConfig("Path(`/`)", ["web"], [], "s", null)))),
    };

    private static byte[] Splice(byte[] bytes, int at, byte[] replacement)
    {
        var copy = (byte[])bytes.Clone();
        replacement.CopyTo(copy, at);
        return copy;
    }

    private ProxySerializer Serializer => new((ExtendedActorSystem)_system);

    private byte[] Bytes(DynamicConfig config) => Serializer.ToBinary(new ProviderSnapshot("n", "p", 1, config, [], false));

    private object Read(byte[] bytes) => Serializer.FromBinary(bytes, ProxySerializer.ProviderSnapshotManifest);

    private DynamicConfig RoundTrip(DynamicConfig config) => ((ProviderSnapshot)Read(Bytes(config))).Config;
}
