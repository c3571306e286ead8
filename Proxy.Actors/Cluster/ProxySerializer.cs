using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Proxy.Actors.Certificates;
using Proxy.Actors.Model;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The serializer of every <see cref="IClusterMessage"/>: a hand-written binary format, because
/// the default JSON one is slower and larger (docs/cluster.md), and size counts against DistributedData's
/// 128,000-byte frame. Each payload starts with a format version byte so that a node can refuse
/// an encoding it does not know with a clear error instead of misreading it. The configuration
/// payloads (<see cref="ConfigShard"/>, <see cref="ProviderSnapshot"/>) carry
/// <see cref="ConfigWireFormat.Version"/> and the fingerprint of the declarations instead, as their
/// format follows the configuration records; a shard this node does not read comes back as
/// <see cref="ConfigShard.Unread"/> rather than an exception, so that the rest of a gossip still arrives.
/// </summary>
public sealed class ProxySerializer : SerializerWithStringManifest
{
    /// <summary>
    /// Written into every remote envelope and compared by the receiving node to pick the
    /// serializer: changing it makes nodes of different versions unable to read each other,
    /// and it must not collide with Akka's own identifiers (0-100 are reserved).
    /// </summary>
    public const int SerializerId = 4711;

    /// <summary>
    /// The encoding of the payloads other than configuration (observations, health reports, node
    /// statuses); raise it when one of their fields is added or changed.
    /// </summary>
    public const byte FormatVersion = 2;

    // Manifests name the type and its generation; they are on the wire, so never reuse one.
    internal const string ProviderSnapshotManifest = "PS1";
    internal const string BackendObservationManifest = "BO1";
    internal const string ConfigShardManifest = "CS1";
    internal const string NodeHealthReportManifest = "HR1";
    internal const string NodeStatusManifest = "NS1";
    internal const string AcmeAccountManifest = "AA1";
    internal const string AcmeCertificateManifest = "AC1";
    internal const string AcmeChallengeManifest = "AH1";
    internal const string FormationProbeManifest = "FP1";
    internal const string FormationProbeResultManifest = "FR2";
    internal const string LeaseRequestManifest = "LQ2";
    internal const string LeaseGrantManifest = "LG1";
    internal const string SlotRequestManifest = "SQ1";
    internal const string SlotGrantManifest = "SG1";
    internal const string SlotReleaseManifest = "SR1";

    /// <summary>
    /// The first answer's format (responder and members, no "forming" flag), still read from nodes of an
    /// earlier build: they never say they are forming, which is what such an answer meant. A node of that
    /// build cannot read FR2 and counts a newer node as silent, so it waits rather than forming beside it.
    /// </summary>
    internal const string FormationProbeResultV1Manifest = "FR1";

    /// <summary>
    /// The first lease request's format (no node, demand or move), still read from nodes of an earlier
    /// build. A node of that build cannot read LQ2: its owner's silence makes the newer node apply onOwnerLost.
    /// </summary>
    internal const string LeaseRequestV1Manifest = "LQ1";

    /// <summary>
    /// Kept for every later encoding of the router problems (their version is in the format byte):
    /// a node reads a value of another version as <see cref="AcmeRouterProblemsEntry.Refused"/>, not an exception.
    /// </summary>
    internal const string AcmeRouterProblemsManifest = "AR1";

    public ProxySerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        ProviderSnapshot => ProviderSnapshotManifest,
        BackendObservation => BackendObservationManifest,
        ConfigShard => ConfigShardManifest,
        NodeHealthReport => NodeHealthReportManifest,
        NodeStatus => NodeStatusManifest,
        AcmeAccountEntry => AcmeAccountManifest,
        AcmeCertificateEntry => AcmeCertificateManifest,
        AcmeChallengeEntry => AcmeChallengeManifest,
        AcmeRouterProblemsEntry => AcmeRouterProblemsManifest,
        Formation.FormationProbe => FormationProbeManifest,
        Formation.FormationProbeResult => FormationProbeResultManifest,
        RateLimiting.LeaseRequest => LeaseRequestManifest,
        RateLimiting.LeaseGrant => LeaseGrantManifest,
        RateLimiting.SlotRequest => SlotRequestManifest,
        RateLimiting.SlotGrant => SlotGrantManifest,
        RateLimiting.SlotRelease => SlotReleaseManifest,
        _ => throw Unknown(o),
    };

    public override byte[] ToBinary(object obj)
    {
        if (obj is ConfigShard { Refused: { } refused })
        {
            // Passed on as it came: the nodes that read its format get what its writer wrote.
            return refused.Payload.ToArray();
        }

        if (obj is AcmeRouterProblemsEntry { Unread: { } unread })
        {
            return unread.Payload.ToArray();
        }

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            switch (obj)
            {
                case ProviderSnapshot snapshot:
                    WriteConfigHeader(writer);
                    WriteSnapshot(writer, snapshot);
                    break;
                case ConfigShard shard:
                    WriteConfigHeader(writer);
                    WriteShard(writer, shard);
                    break;
                case BackendObservation observation:
                    writer.Write(FormatVersion);
                    WriteObservation(writer, observation);
                    break;
                case NodeHealthReport report:
                    writer.Write(FormatVersion);
                    WriteHealthReport(writer, report);
                    break;
                case NodeStatus status:
                    writer.Write(FormatVersion);
                    WriteStatus(writer, status);
                    break;
                case AcmeAccountEntry account:
                    writer.Write(FormatVersion);
                    AcmeWireFormat.WriteAccount(writer, account);
                    break;
                case AcmeCertificateEntry certificate:
                    writer.Write(FormatVersion);
                    AcmeWireFormat.WriteCertificate(writer, certificate);
                    break;
                case AcmeChallengeEntry challenge:
                    writer.Write(FormatVersion);
                    AcmeWireFormat.WriteChallenge(writer, challenge);
                    break;
                case AcmeRouterProblemsEntry problems:
                    writer.Write(FormatVersion);
                    AcmeWireFormat.WriteRouterProblems(writer, problems);
                    break;
                case Formation.FormationProbe:
                    writer.Write(FormatVersion);
                    break;
                case Formation.FormationProbeResult result:
                    writer.Write(FormatVersion);
                    writer.Write(result.Responder);
                    writer.WriteArray(result.Members, static (w, m) => w.Write(m));
                    writer.Write(result.Forming);
                    break;
                case RateLimiting.LeaseRequest lease:
                    writer.Write(FormatVersion);
                    RateLimiting.LimiterWireFormat.Write(writer, lease);
                    break;
                case RateLimiting.LeaseGrant grant:
                    writer.Write(FormatVersion);
                    RateLimiting.LimiterWireFormat.Write(writer, grant);
                    break;
                case RateLimiting.SlotRequest slot:
                    writer.Write(FormatVersion);
                    RateLimiting.LimiterWireFormat.Write(writer, slot);
                    break;
                case RateLimiting.SlotGrant slotGrant:
                    writer.Write(FormatVersion);
                    RateLimiting.LimiterWireFormat.Write(writer, slotGrant);
                    break;
                case RateLimiting.SlotRelease release:
                    writer.Write(FormatVersion);
                    RateLimiting.LimiterWireFormat.Write(writer, release);
                    break;
                default:
                    throw Unknown(obj);
            }
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        Func<BinaryReader, object> read = manifest switch
        {
            ProviderSnapshotManifest => ReadSnapshot,
            BackendObservationManifest => ReadObservation,
            ConfigShardManifest => ReadShard,
            NodeHealthReportManifest => ReadHealthReport,
            NodeStatusManifest => ReadStatus,
            AcmeAccountManifest => AcmeWireFormat.ReadAccount,
            AcmeCertificateManifest => AcmeWireFormat.ReadCertificate,
            AcmeChallengeManifest => AcmeWireFormat.ReadChallenge,
            AcmeRouterProblemsManifest => AcmeWireFormat.ReadRouterProblems,
            FormationProbeManifest => static _ => Formation.FormationProbe.Instance,
            FormationProbeResultManifest => static r => new Formation.FormationProbeResult(r.ReadString(), r.ReadArray(static r => r.ReadString()), r.ReadBoolean()),
            FormationProbeResultV1Manifest => static r => new Formation.FormationProbeResult(r.ReadString(), r.ReadArray(static r => r.ReadString())),
            LeaseRequestManifest => RateLimiting.LimiterWireFormat.ReadLeaseRequest,
            LeaseRequestV1Manifest => RateLimiting.LimiterWireFormat.ReadLeaseRequestV1,
            LeaseGrantManifest => RateLimiting.LimiterWireFormat.ReadLeaseGrant,
            SlotRequestManifest => RateLimiting.LimiterWireFormat.ReadSlotRequest,
            SlotGrantManifest => RateLimiting.LimiterWireFormat.ReadSlotGrant,
            SlotReleaseManifest => RateLimiting.LimiterWireFormat.ReadSlotRelease,
            _ => throw new SerializationException(
                $"ProxySerializer: unknown manifest '{manifest}'; this node knows {string.Join(", ", KnownManifests)}. Is a newer node in the cluster?"),
        };

        using var reader = new BinaryReader(new MemoryStream(bytes, writable: false));
        try
        {
            var version = reader.ReadByte();
            if (manifest is ProviderSnapshotManifest or ConfigShardManifest)
            {
                // From format 3 on, in every format, the fingerprint follows the version; older formats have none.
                uint? fingerprint = version >= 3 ? reader.ReadUInt32() : null;
                if (ConfigWireFormat.Refusal(version, fingerprint) is { } refusal)
                {
                    return manifest == ConfigShardManifest
                        ? ConfigShard.Unread(new RefusedConfig(refusal, [.. bytes]))
                        : throw new SerializationException(refusal);
                }
            }
            else if (manifest == AcmeRouterProblemsManifest && version != FormatVersion)
            {
                // Status only, but in the same gossip as the certificates: refusing it whole would hold those back too.
                return AcmeRouterProblemsEntry.Refused(new RefusedConfig(
                    $"ACME router problems in format version {version}; this node reads version {FormatVersion}", [.. bytes]));
            }
            else if (version != FormatVersion)
            {
                throw new SerializationException($"format version {version}; this node reads version {FormatVersion}");
            }

            var message = read(reader);
            var left = bytes.Length - reader.BaseStream.Position;
            return left == 0
                ? message
                : throw new SerializationException($"{left} bytes left over after the message");
        }
        catch (EndOfStreamException e)
        {
            throw Bad(manifest, bytes, "truncated", e);
        }
        catch (FormatException e)
        {
            // Read7BitEncodedInt's "too many bytes" for a corrupt integer.
            throw Bad(manifest, bytes, e.Message, e);
        }
        catch (SerializationException e)
        {
            throw Bad(manifest, bytes, e.Message, e);
        }
    }

    private static SerializationException Bad(string manifest, byte[] bytes, string problem, Exception inner) =>
        new($"ProxySerializer: manifest '{manifest}', payload of {bytes.Length} bytes: {problem}", inner);

    private static void WriteConfigHeader(BinaryWriter w)
    {
        w.Write(ConfigWireFormat.Version);
        w.Write(ConfigWireFormat.Fingerprint);
    }

    private static void WriteSnapshot(BinaryWriter w, ProviderSnapshot snapshot)
    {
        w.Write(snapshot.Node);
        w.Write(snapshot.Provider);
        w.Write7BitEncodedInt64(snapshot.Version);
        ConfigWriter.Write(w, snapshot.Config);
        w.WriteArray(snapshot.Errors, static (w, e) =>
        {
            w.Write(e.Source);
            w.Write(e.Path);
            w.Write(e.Message);
        });
        w.Write(snapshot.ReadFailed);
    }

    private static ProviderSnapshot ReadSnapshot(BinaryReader r) =>
        new(
            Node: r.ReadString(),
            Provider: r.ReadString(),
            Version: r.Read7BitEncodedInt64(),
            Config: ConfigReader.Read(r),
            Errors: r.ReadArray(static r => new ConfigError(r.ReadString(), r.ReadString(), r.ReadString())),
            ReadFailed: r.ReadBoolean());

    private static void WriteObservation(BinaryWriter w, BackendObservation observation)
    {
        w.Write(observation.Node);
        w.Write(observation.ServerUrl);
        w.Write((byte)observation.Health);
        w.Write(observation.Reason);
        w.Write7BitEncodedInt64(observation.ObservedAtUnixMs);
        w.Write7BitEncodedInt64(observation.ExpiresAtUnixMs);
    }

    private static BackendObservation ReadObservation(BinaryReader r) =>
        new(
            Node: r.ReadString(),
            ServerUrl: r.ReadString(),
            Health: ReadHealth(r.ReadByte()),
            Reason: r.ReadString(),
            ObservedAtUnixMs: r.Read7BitEncodedInt64(),
            ExpiresAtUnixMs: r.Read7BitEncodedInt64());

    private static void WriteShard(BinaryWriter w, ConfigShard shard)
    {
        w.Write(shard.Node);
        w.Write7BitEncodedInt(shard.Shard);
        w.Write7BitEncodedInt64(shard.Version);
        w.WriteArray(shard.Providers, WriteSnapshot);
    }

    private static ConfigShard ReadShard(BinaryReader r) =>
        new(
            Node: r.ReadString(),
            Shard: r.Read7BitEncodedInt(),
            Version: r.Read7BitEncodedInt64(),
            Providers: r.ReadArray(ReadSnapshot));

    private static void WriteHealthReport(BinaryWriter w, NodeHealthReport report)
    {
        w.Write(report.Node);
        w.Write7BitEncodedInt64(report.Version);
        w.WriteArray(report.Observations, WriteObservation);
    }

    private static NodeHealthReport ReadHealthReport(BinaryReader r) =>
        new(
            Node: r.ReadString(),
            Version: r.Read7BitEncodedInt64(),
            Observations: r.ReadArray(ReadObservation));

    private static void WriteStatus(BinaryWriter w, NodeStatus status)
    {
        w.Write(status.Node);
        w.Write7BitEncodedInt64(status.ConfigVersion);
        w.Write7BitEncodedInt64(status.PublishedAt.ToUnixTimeMilliseconds());
        w.WriteArray(status.Sources, static (w, s) =>
        {
            w.Write(s.Provider);
            w.Write(s.Source);
            w.Write(s.Connected);
            w.Write7BitEncodedInt(s.Items);
            w.WriteNullable(s.LastError);
        });
    }

    private static NodeStatus ReadStatus(BinaryReader r) =>
        new(
            Node: r.ReadString(),
            ConfigVersion: r.Read7BitEncodedInt64(),
            PublishedAt: DateTimeOffset.FromUnixTimeMilliseconds(r.Read7BitEncodedInt64()),
            Sources: r.ReadArray(static r => new SourceStatus(r.ReadString(), r.ReadString(), r.ReadBoolean(), r.Read7BitEncodedInt(), r.ReadNullableString())));

    private static ObservedHealth ReadHealth(byte value) =>
        Enum.IsDefined((ObservedHealth)value)
            ? (ObservedHealth)value
            : throw new SerializationException($"unknown backend health {value}");

    private static readonly string[] KnownManifests =
        [
            ProviderSnapshotManifest, BackendObservationManifest, ConfigShardManifest, NodeHealthReportManifest, NodeStatusManifest,
            AcmeAccountManifest, AcmeCertificateManifest, AcmeChallengeManifest, AcmeRouterProblemsManifest,
            FormationProbeManifest, FormationProbeResultManifest, FormationProbeResultV1Manifest,
            LeaseRequestManifest, LeaseRequestV1Manifest, LeaseGrantManifest, SlotRequestManifest, SlotGrantManifest, SlotReleaseManifest,
        ];

    private static SerializationException Unknown(object o) =>
        new($"ProxySerializer cannot serialize {o.GetType().FullName}: add a manifest for it.");
}
