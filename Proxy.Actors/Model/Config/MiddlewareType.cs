using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>One middleware type: the name operators write (<c>stripPrefix</c>) and its options' declared fields.</summary>
public sealed record MiddlewareType(string Name, IRecordSchema Schema)
{
    public Type RecordType => Schema.RecordType;

    public static MiddlewareType Of<T>(string name, RecordSchema<T> schema)
        where T : class, IMiddlewareConfig => new(name, schema);
}
