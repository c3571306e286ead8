using System.Collections.Immutable;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Proxy.Node.Tls;
using Xunit;

namespace Proxy.Node.Tests.Tls;

public sealed class HandshakeOptionsTableTests
{
    private static readonly RouterTlsConfig Modern = RouterTlsConfig.Empty with { Options = "modern" };

    private static TlsConfigurationChanged Changed(ImmutableDictionary<string, TlsOptionsConfig> options, params TlsRouterDemand[] routers) =>
        new(ValidatedTls.Empty with { Options = options.ToImmutableSortedDictionary(StringComparer.Ordinal) }, [.. routers]);

    private static ImmutableDictionary<string, TlsOptionsConfig> Options(params (string Name, TlsOptionsConfig Options)[] entries) =>
        entries.ToImmutableDictionary(e => e.Name, e => e.Options);

    private static TlsRouterDemand Router(string name, RouterTlsConfig tls, string entryPoint, params string[] hosts) =>
        new(name, [entryPoint], tls, [.. hosts]);

    [Fact]
    public void For_HostOfARouterWithOptions_ThoseOptionsOnThatEntryPointOnly()
    {
        var table = HandshakeOptionsTable.Build(
            Changed(Options(("modern@file", TlsOptionsConfig.Empty with { MinVersion = "VersionTLS13" })), Router("a@file", Modern, "web", "a.test")),
            new CertificateFileReader());

        Assert.Equal("modern@file", table.For("web", "a.test").Name);
        Assert.Equal("modern@file", table.For("web", "A.Test.").Name);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, table.For("web", "a.test").Settings.Protocols);
        Assert.Same(table.Default, table.For("websecure", "a.test"));
        Assert.Same(table.Default, table.For("web", "other.test"));
        Assert.Same(table.Default, table.For("web", null));
        Assert.Same(table.Default, table.For("web", ""));
    }

    [Fact]
    public void Build_DefaultOptionsDeclared_TheyAreTheDefault()
    {
        var table = HandshakeOptionsTable.Build(
            Changed(Options(("default@file", TlsOptionsConfig.Empty with { SniStrict = true })), Router("b@file", RouterTlsConfig.Empty, "web", "b.test")),
            new CertificateFileReader());

        Assert.Equal("default@file", table.Default.Name);
        Assert.True(table.Default.Settings.SniStrict);
        Assert.Same(table.Default, table.For("web", "b.test"));
    }

    [Fact]
    public void Build_TwoRoutersNameDifferentOptionsForOneHost_DefaultServesItAndTheConflictIsListed()
    {
        var table = HandshakeOptionsTable.Build(
            Changed(
                Options(("modern@file", TlsOptionsConfig.Empty with { MinVersion = "VersionTLS13" })),
                Router("c1@file", Modern, "web", "c.test"),
                Router("c2@file", RouterTlsConfig.Empty, "web", "c.test"),
                Router("d@file", Modern, "web", "d.test")),
            new CertificateFileReader());

        Assert.Same(table.Default, table.For("web", "c.test"));
        Assert.Equal("modern@file", table.For("web", "d.test").Name);
        Assert.Equal<string>(
            ["host c.test on entry point web: its TLS routers name different tls.options; the default options serve it"],
            table.Conflicts);
    }

    [Fact]
    public void Build_ClientCaFileMissing_ProblemNamesTheFileAndTheOptions()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"proxy-missing-{Guid.NewGuid():N}.pem");
        var table = HandshakeOptionsTable.Build(
            Changed(
                Options(("mtls@file", TlsOptionsConfig.Empty with { ClientAuth = new ClientAuthConfig([missing], "RequireAndVerifyClientCert") })),
                Router("m@file", RouterTlsConfig.Empty with { Options = "mtls" }, "web", "m.test")),
            new CertificateFileReader());

        var problem = Assert.Single(table.Problems);
        Assert.StartsWith($"tls.options.mtls@file.clientAuth.caFiles: cannot read '{missing}'", problem);
        Assert.Equal(problem, table.For("web", "m.test").Problem);
        Assert.Null(table.Default.Problem);
    }
}
