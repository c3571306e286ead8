namespace Proxy.Actors.RateLimiting;

/// <summary>
/// The limiter's messages on the wire, written by <see cref="Cluster.ProxySerializer"/> after its format
/// byte: a few numbers and the key, so that an ask costs one small frame each way.
/// </summary>
internal static class LimiterWireFormat
{
    public static void Write(BinaryWriter w, LeaseRequest request)
    {
        w.Write(request.Key);
        w.Write(request.TokensPerSecond);
        w.Write7BitEncodedInt64(request.Burst);
        w.Write7BitEncodedInt(request.Wanted);
        w.Write(request.Node);
        w.Write(request.Demand);
        w.Write(request.Moved);
    }

    public static LeaseRequest ReadLeaseRequest(BinaryReader r) =>
        new(r.ReadString(), r.ReadDouble(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt(), r.ReadString(), r.ReadDouble(), r.ReadBoolean());

    /// <summary>
    /// The first request's format, from a node of an earlier build: no node, demand or move. Its asks
    /// share one part of the rate under the empty node name, at the demand its wanted tokens imply.
    /// </summary>
    public static LeaseRequest ReadLeaseRequestV1(BinaryReader r) =>
        new(r.ReadString(), r.ReadDouble(), r.Read7BitEncodedInt64(), r.Read7BitEncodedInt(), Node: "", Demand: 0, Moved: false);

    public static void Write(BinaryWriter w, LeaseGrant grant)
    {
        w.Write7BitEncodedInt(grant.Granted);
        w.Write7BitEncodedInt64(grant.RetryIn.Ticks);
        w.Write(grant.Untracked);
    }

    public static LeaseGrant ReadLeaseGrant(BinaryReader r) =>
        new(r.Read7BitEncodedInt(), TimeSpan.FromTicks(r.Read7BitEncodedInt64()), r.ReadBoolean());

    public static void Write(BinaryWriter w, SlotRequest request)
    {
        w.Write(request.Key);
        w.Write7BitEncodedInt64(request.Amount);
        w.Write(request.Node);
    }

    public static SlotRequest ReadSlotRequest(BinaryReader r) => new(r.ReadString(), r.Read7BitEncodedInt64(), r.ReadString());

    public static void Write(BinaryWriter w, SlotGrant grant)
    {
        w.Write(grant.Granted);
        w.Write(grant.Untracked);
    }

    public static SlotGrant ReadSlotGrant(BinaryReader r) => new(r.ReadBoolean(), r.ReadBoolean());

    public static void Write(BinaryWriter w, SlotRelease release)
    {
        w.Write(release.Key);
        w.Write7BitEncodedInt(release.Count);
        w.Write(release.Node);
    }

    public static SlotRelease ReadSlotRelease(BinaryReader r) => new(r.ReadString(), r.Read7BitEncodedInt(), r.ReadString());
}
