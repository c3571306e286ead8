using System.Diagnostics;
using Akka.Actor;
using Akka.Serialization;
using Proxy.Actors.Cluster;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// The figures docs/cluster.md quotes. Run with
/// <c>dotnet test tests/Proxy.Actors.Tests --filter FullyQualifiedName~Cluster.ProxySerializerMeasurement --logger "console;verbosity=detailed"</c>
/// to see them. Speed is printed, never asserted: two shared cores make timings noisy.
/// </summary>
public sealed class ProxySerializerMeasurementTests(ITestOutputHelper output) : IDisposable
{
    // DistributedData drops the gossip of a key larger than Akka's default frame size.
    private const int FrameSizeBytes = 128_000;

    private readonly ActorSystem _system = ActorSystem.Create("serializer-measurements", ClusterSerializationConfig.Config);

    public void Dispose() => _system.Dispose();

    [Fact]
    public void ToBinary_ThousandContainerDockerHost_EveryShardFitsTheKeyLimit()
    {
        var serializer = new ProxySerializer((ExtendedActorSystem)_system);
        var json = new NewtonSoftJsonSerializer((ExtendedActorSystem)_system);
        var snapshot = ClusterSamples.DockerHost(1_000);

        var bytes = serializer.ToBinary(snapshot);
        var jsonBytes = json.ToBinary(snapshot);
        var shards = ConfigSharding.Split(snapshot.Node, 1, [snapshot]).Select(serializer.ToBinary).ToList();

        output.WriteLine($"ProviderSnapshot of 1,000 containers: {bytes.Length:N0} bytes (JSON: {jsonBytes.Length:N0} bytes); frame {FrameSizeBytes:N0}");
        output.WriteLine($"in {shards.Count} shards: {shards.Min(s => s.Length):N0} to {shards.Max(s => s.Length):N0} bytes each; key limit {SharingSettings.Default.MaxKeyBytes:N0}");
        StructuralAssert.Equal(snapshot, serializer.FromBinary(bytes, serializer.Manifest(snapshot)));
        Assert.True(bytes.Length < jsonBytes.Length / 5, $"{bytes.Length} bytes is not a fifth of JSON's {jsonBytes.Length}");
        Assert.All(shards, s => Assert.True(s.Length < SharingSettings.Default.MaxKeyBytes / 5, $"a shard of {s.Length} bytes leaves too little room under the {SharingSettings.Default.MaxKeyBytes}-byte key limit"));
    }

    [Fact]
    public void ToBinaryFromBinary_TenThousandObservations_PrintsRateAgainstJson()
    {
        var messages = Enumerable.Range(0, 10_000).Select(ClusterSamples.Observation).ToArray();
        var ours = new ProxySerializer((ExtendedActorSystem)_system);
        var json = new NewtonSoftJsonSerializer((ExtendedActorSystem)_system);

        // One warm-up pass each, so JIT time is not counted against either.
        var (oursRate, oursBytes) = Measure(messages, m => ours.ToBinary(m), b => ours.FromBinary(b, ProxySerializer.BackendObservationManifest), warmUp: true);
        (oursRate, oursBytes) = Measure(messages, m => ours.ToBinary(m), b => ours.FromBinary(b, ProxySerializer.BackendObservationManifest), warmUp: false);
        var (jsonRate, jsonBytes) = Measure(messages, m => json.ToBinary(m), b => json.FromBinary(b, typeof(BackendObservation)), warmUp: true);
        (jsonRate, jsonBytes) = Measure(messages, m => json.ToBinary(m), b => json.FromBinary(b, typeof(BackendObservation)), warmUp: false);

        output.WriteLine($"10,000 BackendObservations, serialize+deserialize: ProxySerializer {oursRate:N0} msg/s, {oursBytes / (double)messages.Length:N1} bytes/msg");
        output.WriteLine($"10,000 BackendObservations, serialize+deserialize: Newtonsoft JSON {jsonRate:N0} msg/s, {jsonBytes / (double)messages.Length:N1} bytes/msg");
        output.WriteLine($"ratio: {oursRate / jsonRate:N1}x");
        Assert.True(oursBytes < jsonBytes);
    }

    private static (double Rate, long Bytes) Measure(
        BackendObservation[] messages, Func<BackendObservation, byte[]> write, Func<byte[], object> read, bool warmUp)
    {
        var count = warmUp ? Math.Min(1_000, messages.Length) : messages.Length;
        long bytes = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var payload = write(messages[i]);
            bytes += payload.Length;
            var back = (BackendObservation)read(payload);
            Assert.Equal(messages[i], back);
        }

        return (count / watch.Elapsed.TotalSeconds, bytes);
    }
}
