using System.Globalization;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The version of the wire format of <see cref="DynamicConfig"/> (the payloads of <see cref="ConfigShard"/>
/// and <see cref="ProviderSnapshot"/>), and the fingerprint of the declarations it is derived from.
/// Such a payload starts with <see cref="Version"/> (one byte) and this build's
/// <see cref="Fingerprint"/> (four bytes): a node reads a payload only when both are its own, so two
/// builds that declare the configuration differently never misread each other, even if someone forgot
/// to raise the version.
/// </summary>
public static class ConfigWireFormat
{
    /// <summary>
    /// Raise it whenever <see cref="DeclaredFingerprint"/> changes (a field added, removed, renamed,
    /// reordered or given another kind, a middleware type registered) or the codec writes differently.
    /// Versions below 3 are not read (docs/cluster.md, "Nodes of two builds").
    /// </summary>
    public const byte Version = 8;

    /// <summary>
    /// The fingerprint of the declarations <see cref="Version"/> was written from. The serializer's
    /// tests fail when <see cref="Fingerprint"/> differs: change both this and <see cref="Version"/>.
    /// </summary>
    public const uint DeclaredFingerprint = 0x848510c8;

    /// <summary>The fingerprint of this build's declarations (<see cref="Declarations"/>).</summary>
    public static uint Fingerprint { get; } = WireLayout.Dynamic.Fingerprint;

    /// <summary>What <see cref="Fingerprint"/> is computed from: every field the wire writes, in order, with its shape.</summary>
    public static string Declarations => WireLayout.Dynamic.Description;

    public static string Hex(uint fingerprint) => "0x" + fingerprint.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>Why this node does not read a payload of <paramref name="version"/> and <paramref name="fingerprint"/>; null when it does.</summary>
    public static string? Refusal(int version, uint? fingerprint)
    {
        if (version > Version)
        {
            return $"configuration format {version}{Of(fingerprint)} is newer than format {Version} ({Hex(Fingerprint)}), the one this node reads";
        }

        if (version < Version)
        {
            return $"configuration format {version} is older than format {Version} ({Hex(Fingerprint)}), the one this node reads";
        }

        return fingerprint == Fingerprint
            ? null
            : $"configuration format {version}{Of(fingerprint)} declares other fields than this node's format {Version} ({Hex(Fingerprint)}): one of the two builds changed a configuration record without raising the format version";
    }

    private static string Of(uint? fingerprint) => fingerprint is { } known ? $" ({Hex(known)})" : "";
}
