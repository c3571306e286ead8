using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>A <c>tls.domains</c> item of a router: the names a resolver orders a certificate for.</summary>
public sealed record TlsDomainConfig(string? Main, ImmutableArray<string> Sans)
{
    public static TlsDomainConfig Empty { get; } = new(null, []);

    public static RecordSchema<TlsDomainConfig> Schema { get; } = new SchemaBuilder<TlsDomainConfig>(Empty)
        .String("main", c => c.Main, (c, v) => c with { Main = v }, required: "is required", check: TlsNames.DomainCheck)
        .StringList("sans", c => c.Sans, (c, v) => c with { Sans = v }, check: Checks.EachItem(TlsNames.DomainCheck))
        .Build();
}
