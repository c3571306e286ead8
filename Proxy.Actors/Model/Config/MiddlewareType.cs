using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>One middleware type: the name operators write (<c>stripPrefix</c>) and its options' declared fields.</summary>
public sealed record MiddlewareType(string Name, IRecordSchema Schema)
{
    /// <summary>
    /// The type's current name when <see cref="Name"/> is an old one Traefik still reads (<c>ipWhiteList</c> for
    /// <c>ipAllowList</c>): the middleware serves, with a deprecation warning naming it.
    /// </summary>
    public string? ReplacedBy { get; init; }

    public Type RecordType => Schema.RecordType;

    public static MiddlewareType Of<T>(string name, RecordSchema<T> schema)
        where T : class, IMiddlewareConfig => new(name, schema);
}
