using System.Collections.Immutable;
using System.Security.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Proxy.Node.Tls;
using Xunit;

namespace Proxy.Node.Tests.Tls;

public sealed class DomainFrontingTests
{
    // a.test has its own options on websecure; every other host there uses default.
    private static readonly HandshakeOptionsTable Table = HandshakeOptionsTable.Build(
        new TlsConfigurationChanged(
            ValidatedTls.Empty with
            {
                Options = ImmutableSortedDictionary.Create<string, TlsOptionsConfig>(StringComparer.Ordinal)
                    .Add("modern@file", TlsOptionsConfig.Empty with { MinVersion = "VersionTLS13" }),
            },
            [new TlsRouterDemand("a@file", ["websecure"], RouterTlsConfig.Empty with { Options = "modern" }, ["a.test"])]),
        new CertificateFileReader());

    [Theory]
    [InlineData("a.test", "a.test", false)]
    [InlineData("a.test", "a.test:8443", false)]
    [InlineData("a.test", "A.Test.:8443", false)]
    [InlineData("a.test.", "a.test", false)]
    [InlineData("b.test", "c.test:8443", false)]
    [InlineData("a.test", "b.test:8443", true)]
    [InlineData("b.test", "a.test", true)]
    [InlineData("b.test", "a.test:8443", true)]
    [InlineData("a.test", "[::1]:8443", true)]
    [InlineData("a.test", ":8443", true)]
    [InlineData("a.test", "", true)]
    [InlineData(null, "a.test", true)]
    [InlineData(null, "b.test:8443", false)]
    [InlineData("", "", false)]
    [InlineData("a.test", "a.test:", false)]
    [InlineData("a.test", "a.test:]", true)]
    public void Misdirected_HostAgainstSni_421OnlyWhenTheirOptionsDiffer(string? serverName, string host, bool expected)
    {
        Assert.Equal(expected, DomainFronting.Misdirected(Table, "websecure", Request(serverName, host)));
    }

    [Fact]
    public void Misdirected_HostIsTheSniWithAPort_CopiesNoString()
    {
        // Every HTTPS request pays this check; a client on a port other than 443 sends "name:port".
        var context = Request("a.test", "a.test:8443");
        DomainFronting.Misdirected(Table, "websecure", context);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var misdirected = DomainFronting.Misdirected(Table, "websecure", context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(misdirected);
        Assert.Equal(0, allocated);
    }

    private static DefaultHttpContext Request(string? serverName, string host)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Host = host;
        context.Features.Set<ITlsHandshakeFeature>(new Handshake(serverName));
        return context;
    }

    /// <summary>What Kestrel's TLS middleware records of a handshake, as far as the check reads it (the SNI).</summary>
    private sealed class Handshake(string? serverName) : ITlsHandshakeFeature
    {
        public string HostName => serverName ?? string.Empty;

        public SslProtocols Protocol => SslProtocols.Tls13;

#pragma warning disable SYSLIB0058 // the interface still declares these; the check never reads them
        public System.Security.Authentication.CipherAlgorithmType CipherAlgorithm => default;

        public int CipherStrength => 0;

        public System.Security.Authentication.HashAlgorithmType HashAlgorithm => default;

        public int HashStrength => 0;

        public System.Security.Authentication.ExchangeAlgorithmType KeyExchangeAlgorithm => default;

        public int KeyExchangeStrength => 0;
#pragma warning restore SYSLIB0058
    }
}
