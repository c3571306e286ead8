using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// A middleware as written by a provider: the options of each type it gives, by the type's name in
/// <see cref="MiddlewareTypes"/>. Exactly one type should be given; the validator says so otherwise.
/// <see cref="UnknownTypes"/> keeps the names of types we do not implement so the validator can name
/// them in the error, with the routers that use them, instead of silently ignoring them.
/// </summary>
public sealed record MiddlewareConfig(
    ImmutableSortedDictionary<string, IMiddlewareConfig> Types,
    ImmutableArray<string> UnknownTypes)
{
    public static MiddlewareConfig None { get; } = new(
        ImmutableSortedDictionary.Create<string, IMiddlewareConfig>(StringComparer.Ordinal), []);

    /// <summary>One field per registered type, each the type's options record; any other key is an unknown type.</summary>
    public static RecordSchema<MiddlewareConfig> Schema { get; } = BuildSchema();

    /// <summary>A middleware of one type.</summary>
    public static MiddlewareConfig Of(IMiddlewareConfig options) => None.With(options);

    /// <summary>This middleware with <paramref name="options"/> as the options of their type.</summary>
    public MiddlewareConfig With(IMiddlewareConfig options) =>
        this with { Types = Types.SetItem(MiddlewareTypes.Of(options).Name, options) };

    /// <summary>The options of type <typeparamref name="T"/>, if given.</summary>
    public T? Get<T>()
        where T : class, IMiddlewareConfig =>
        Types.Values.OfType<T>().FirstOrDefault();

    private static RecordSchema<MiddlewareConfig> BuildSchema()
    {
        var builder = new SchemaBuilder<MiddlewareConfig>(None);
        foreach (var type in MiddlewareTypes.All)
        {
            var name = type.Name;
            builder.Add(new Field<MiddlewareConfig, IMiddlewareConfig?>(
                name,
                FieldKind.Object,
                FieldUse.User,
                get: m => m.Types.GetValueOrDefault(name),
                set: (m, v) => m with { Types = v is null ? m.Types.Remove(name) : m.Types.SetItem(name, v) },
                element: type.Schema,
                nothingMeansEmpty: true,
                // Traefik's label for a type with no option to give: compress=true.
                isSwitch: true));
        }

        return builder
            .Internal("unknownTypes", FieldKind.StringList, m => m.UnknownTypes, (m, v) => m with { UnknownTypes = v })
            .KeepUnknown((m, key) => m with { UnknownTypes = m.UnknownTypes.Add(key) })
            .Build();
    }
}
