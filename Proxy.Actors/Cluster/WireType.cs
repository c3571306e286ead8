using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Cluster;

/// <summary>A middleware type as the wire writes it: its index in the registry and its options' layout.</summary>
internal sealed record WireType(int Index, IField Field, WireLayout Layout);
