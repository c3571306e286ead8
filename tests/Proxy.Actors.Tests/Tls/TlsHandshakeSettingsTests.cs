using System.Net.Security;
using System.Security.Authentication;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Tls;

public sealed class TlsHandshakeSettingsTests
{
#pragma warning disable SYSLIB0039 // Traefik's VersionTLS10/11 map to the obsolete protocols, which is what is tested.
    [Theory]
    [InlineData(null, null, SslProtocols.Tls12 | SslProtocols.Tls13)]
    [InlineData("VersionTLS13", null, SslProtocols.Tls13)]
    [InlineData("VersionTLS12", "VersionTLS12", SslProtocols.Tls12)]
    [InlineData("VersionTLS10", "VersionTLS11", SslProtocols.Tls | SslProtocols.Tls11)]
    public void From_Versions_EveryProtocolBetweenMinAndMax(string? min, string? max, SslProtocols expected)
#pragma warning restore SYSLIB0039
    {
        var options = SchemaValidation.Resolve(TlsOptionsConfig.Schema, TlsOptionsConfig.Empty with { MinVersion = min, MaxVersion = max });

        Assert.Equal(expected, TlsHandshakeSettings.From(options).Protocols);
    }

    [Fact]
    public void From_Defaults_TraefiksAlpnAndNoClientCertificate()
    {
        var settings = TlsHandshakeSettings.From(SchemaValidation.Resolve(TlsOptionsConfig.Schema, TlsOptionsConfig.Empty));

        Assert.Equal([SslApplicationProtocol.Http2, SslApplicationProtocol.Http11], settings.ApplicationProtocols.ToArray());
        Assert.Empty(settings.CipherSuites);
        Assert.False(settings.SniStrict);
        Assert.Equal("NoClientCert", settings.ClientAuthType);
        Assert.Empty(settings.ClientCaFiles);
    }

    [Fact]
    public void From_GoCipherSuiteNames_DotNetSuites()
    {
        var options = TlsOptionsConfig.Empty with
        {
            CipherSuites = ["TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"],
            SniStrict = true,
            ClientAuth = new ClientAuthConfig(["/ca.pem"], "RequireAndVerifyClientCert"),
        };

        var settings = TlsHandshakeSettings.From(options);

        Assert.Equal(
            [TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256],
            settings.CipherSuites.ToArray());
        Assert.True(settings.SniStrict);
        Assert.Equal(("RequireAndVerifyClientCert", "/ca.pem"), (settings.ClientAuthType, settings.ClientCaFiles.Single()));
    }
}
