using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Configuration;

/// <summary>The tls section across contributors (the file provider on each node of a cluster).</summary>
public sealed class ConfigMergerTlsTests
{
    private static readonly TlsConfig Modern = TlsConfig.Empty with
    {
        Options = TlsConfig.Empty.Options.Add("modern", TlsOptionsConfig.Empty with { MinVersion = "VersionTLS13" }),
    };

    private static Contribution From(string node, TlsConfig? tls) =>
        new($"file@{node}", node, DynamicConfig.Empty with { Tls = tls });

    [Fact]
    public void Merge_SameTlsFromEveryNode_Kept()
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();

        var merged = ConfigMerger.Merge([From("a", Modern), From("b", null), From("c", Modern with { })], "nodes", errors);

        Assert.Empty(errors);
        Assert.Same(Modern, merged.Tls);
    }

    [Fact]
    public void Merge_DifferentTls_LeftOutWithError()
    {
        var errors = ImmutableArray.CreateBuilder<ConfigError>();
        var other = TlsConfig.Empty with { Certificates = [new TlsCertificateConfig("/a.pem", "/a.key", [])] };

        var merged = ConfigMerger.Merge([From("a", Modern), From("b", other)], "nodes", errors);

        Assert.Null(merged.Tls);
        var error = Assert.Single(errors);
        Assert.Equal(("file@a", "tls", "the tls section is defined differently by nodes a and b; it is left out"), (error.Source, error.Path, error.Message));
    }

    [Fact]
    public void Merge_NoTls_None()
    {
        var merged = ConfigMerger.Merge([From("a", null)], "nodes", ImmutableArray.CreateBuilder<ConfigError>());

        Assert.Null(merged.Tls);
    }
}
