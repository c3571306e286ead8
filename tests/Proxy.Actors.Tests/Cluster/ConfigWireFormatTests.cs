using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration.Schema;
using Xunit;

namespace Proxy.Actors.Tests.Cluster;

public sealed class ConfigWireFormatTests
{
    [Fact]
    public void Fingerprint_OfTheDeclarations_IsTheOneTheFormatVersionWasWrittenFrom()
    {
        Assert.True(
            ConfigWireFormat.Fingerprint == ConfigWireFormat.DeclaredFingerprint,
            $"The configuration records changed (fingerprint {ConfigWireFormat.Hex(ConfigWireFormat.Fingerprint)}, format {ConfigWireFormat.Version} "
            + $"was written from {ConfigWireFormat.Hex(ConfigWireFormat.DeclaredFingerprint)}): raise ConfigWireFormat.Version to {ConfigWireFormat.Version + 1} "
            + $"and set DeclaredFingerprint to {ConfigWireFormat.Hex(ConfigWireFormat.Fingerprint)}, so that nodes of the two builds refuse each other's "
            + $"configuration instead of misreading it. Declarations: {ConfigWireFormat.Declarations}");
    }

    public static TheoryData<string, Declare, Declare> Changes() => new()
    {
        { "a field added", new(b => b.Int("a", r => r.A, (r, v) => r with { A = v })), new(b => b.Int("a", r => r.A, (r, v) => r with { A = v }).Int("b", r => r.B, (r, v) => r with { B = v })) },
        { "a field renamed", new(b => b.Int("a", r => r.A, (r, v) => r with { A = v })), new(b => b.Int("renamed", r => r.A, (r, v) => r with { A = v })) },
        { "another kind", new(b => b.Int("a", r => r.A, (r, v) => r with { A = v })), new(b => b.Long("a", r => r.C, (r, v) => r with { C = v })) },
        {
            "another wire form",
            new(b => b.Internal("d", FieldKind.String, r => r.D, (r, v) => r with { D = v })),
            new(b => b.Internal("d", FieldKind.String, r => r.D, (r, v) => r with { D = v }, WireForm.SharedPrefix))
        },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Fingerprint_DeclarationChanged_Changes(string scenario, Declare before, Declare after)
    {
        var was = WireLayout.Of(before.Build());
        var now = WireLayout.Of(after.Build());

        Assert.True(was.Fingerprint != now.Fingerprint, $"{scenario}: {was.Description} / {now.Description}");
    }

    [Fact]
    public void Fingerprint_FieldsReordered_Changes()
    {
        var ab = new SchemaBuilder<Sample>(Sample.Empty).Int("a", r => r.A, (r, v) => r with { A = v }).Int("b", r => r.B, (r, v) => r with { B = v }).Build();
        var ba = new SchemaBuilder<Sample>(Sample.Empty).Int("b", r => r.B, (r, v) => r with { B = v }).Int("a", r => r.A, (r, v) => r with { A = v }).Build();

        Assert.NotEqual(WireLayout.Of(ab).Fingerprint, WireLayout.Of(ba).Fingerprint);
    }

    [Fact]
    public void Declarations_NotSupportedFields_AreNotOnTheWire()
    {
        // tcp is declared so that it is named as unsupported; it holds nothing, so the wire skips it.
        Assert.DoesNotContain("tcp:", ConfigWireFormat.Declarations, StringComparison.Ordinal);
        Assert.Contains("tls:Object{certificates:ObjectList{", ConfigWireFormat.Declarations, StringComparison.Ordinal);
        Assert.Contains("source:SharedText", ConfigWireFormat.Declarations, StringComparison.Ordinal);
        Assert.Contains("types:Registry[0=addPrefix{", ConfigWireFormat.Declarations, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, uint?, string?> Formats() => new()
    {
        { "this node's", ConfigWireFormat.Version, ConfigWireFormat.Fingerprint, null },
        { "newer", ConfigWireFormat.Version + 1, 0x12345678u, $"configuration format {ConfigWireFormat.Version + 1} (0x12345678) is newer than format {ConfigWireFormat.Version} ({ConfigWireFormat.Hex(ConfigWireFormat.Fingerprint)}), the one this node reads" },
        { "older, without fingerprint", 2, null, $"configuration format 2 is older than format {ConfigWireFormat.Version}" },
        { "same version, other declarations", ConfigWireFormat.Version, ConfigWireFormat.Fingerprint ^ 1, "declares other fields than this node's format" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Refusal_Format_SaysWhyOrNothing(string scenario, int version, uint? fingerprint, string? expected)
    {
        var refusal = ConfigWireFormat.Refusal(version, fingerprint);

        if (expected is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.True(refusal?.Contains(expected, StringComparison.Ordinal) == true, $"{scenario}: {refusal}");
        }
    }

    public sealed record Sample(int? A, int? B, long? C, string? D)
    {
        public static Sample Empty { get; } = new(null, null, null, null);
    }

    /// <summary>A schema of <see cref="Sample"/> declared by <paramref name="declare"/>.</summary>
    public sealed class Declare(Func<SchemaBuilder<Sample>, SchemaBuilder<Sample>> declare)
    {
        public RecordSchema<Sample> Build() => declare(new SchemaBuilder<Sample>(Sample.Empty)).Build();
    }
}
