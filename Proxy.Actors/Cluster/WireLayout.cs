using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The cluster's view of one record's declaration: the fields the wire writes, in declaration order,
/// each with its <see cref="WireShape"/>. Built once from <see cref="DynamicConfig.Schema"/>, so a
/// field declared on a record is on the wire without any codec change, and its
/// <see cref="Description"/> (names, shapes, order, nesting) is what <see cref="ConfigWireFormat"/>
/// fingerprints.
/// </summary>
internal sealed class WireLayout
{
    private WireLayout(IRecordSchema schema, ImmutableArray<WireField> fields)
    {
        Schema = schema;
        Fields = fields;
        HasSharedText = fields.Any(f => f.Shape == WireShape.SharedText
            || f.Element is { HasSharedText: true }
            || f.Types.Any(t => t.Layout.HasSharedText));
        Description = string.Join(",", fields.Select(f => f.Description));
    }

    /// <summary>The whole dynamic configuration.</summary>
    public static WireLayout Dynamic { get; } = Of(DynamicConfig.Schema);

    public IRecordSchema Schema { get; }

    public ImmutableArray<WireField> Fields { get; }

    /// <summary>Whether a <see cref="WireShape.SharedText"/> field is in this record or below it: the prefix table skips the others.</summary>
    public bool HasSharedText { get; }

    /// <summary>The fields as <c>name:shape{nested}</c>, comma-separated in wire order.</summary>
    public string Description { get; }

    /// <summary>The first four bytes of the SHA-256 of <see cref="Description"/>.</summary>
    public uint Fingerprint => BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(Description)));

    public static WireLayout Of(IRecordSchema schema)
    {
        var fields = ImmutableArray.CreateBuilder<WireField>();
        var types = ImmutableArray.CreateBuilder<WireType>();
        foreach (var field in schema.Fields.Where(f => f.Use != FieldUse.NotSupported))
        {
            if (RegistryIndex(schema, field) is { } index)
            {
                // The types are written as one group where the first is declared.
                if (types.Count == 0)
                {
                    fields.Add(new WireField("types", WireShape.Registry, null, null, []));
                }

                types.Add(new WireType(index, field, Of(field.Element!)));
                continue;
            }

            var shape = ShapeOf(schema, field);
            fields.Add(new WireField(field.Name, shape, field, field.Element is { } element ? Of(element) : null, []));
        }

        var built = fields.ToImmutable();
        return new WireLayout(
            schema,
            [.. built.Select(f => f.Shape == WireShape.Registry ? f with { Types = types.ToImmutable() } : f)]);
    }

    // A middleware's type fields are those MiddlewareTypes registers: the index there is what the wire writes.
    private static int? RegistryIndex(IRecordSchema schema, IField field)
    {
        if (schema.RecordType != typeof(MiddlewareConfig) || field.Kind != FieldKind.Object)
        {
            return null;
        }

        for (var index = 0; index < MiddlewareTypes.All.Length; index++)
        {
            if (MiddlewareTypes.All[index] is var type && type.Name == field.Name && ReferenceEquals(type.Schema, field.Element))
            {
                return index;
            }
        }

        return null;
    }

    private static WireShape ShapeOf(IRecordSchema schema, IField field) => field.Kind switch
    {
        FieldKind.String or FieldKind.Duration => field.WireForm == WireForm.SharedPrefix ? WireShape.SharedText : WireShape.Text,
        FieldKind.Int => WireShape.Int,
        FieldKind.Long => WireShape.Long,
        FieldKind.Bool => WireShape.Bool,
        FieldKind.StringList => WireShape.StringList,
        FieldKind.StringMap => WireShape.StringMap,
        // A section's value is the record itself (SchemaBuilder.Section): nothing to mark present.
        FieldKind.Object when field.Element?.RecordType == schema.RecordType => WireShape.Section,
        FieldKind.Object => WireShape.Object,
        FieldKind.ObjectList => WireShape.ObjectList,
        FieldKind.ObjectMap => WireShape.ObjectMap,
        _ => throw new InvalidOperationException($"{schema.RecordType.Name}.{field.Name}: the wire has no shape for {field.Kind}"),
    };
}
