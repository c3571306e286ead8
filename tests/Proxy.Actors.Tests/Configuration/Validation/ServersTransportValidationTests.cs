using System.Collections.Immutable;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tests.Files;
using Proxy.Actors.Tests.Tls;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Configuration.Validation;

public sealed class ServersTransportValidationTests
{
    private static DynamicConfig WithTransport(string? serviceNames, params (string Name, ServersTransportConfig Transport)[] transports)
    {
        var service = Service("https://127.0.0.1:8443");
        service = service with { LoadBalancer = service.LoadBalancer! with { ServersTransport = serviceNames } };
        return Dynamic(routers: [("r", Router())], services: [("svc", service)], middlewares: []) with
        {
            ServersTransports = transports.ToImmutableSortedDictionary(t => t.Name, t => t.Transport, StringComparer.Ordinal),
        };
    }

    [Fact]
    public void Validate_TransportGivenNothing_TraefiksDefaultsAndTheServiceHoldsIt()
    {
        var result = Validation.Run(Validation.Provider("file", WithTransport("tr", ("tr", ServersTransportConfig.Empty))));

        Assert.Empty(result.View.AllErrors);
        var transport = result.Services["svc@file"].Transport!;
        Assert.Equal("tr@file", transport.Name);
        Assert.Equal((2, false, false), (transport.Options.MaxIdleConnsPerHost, transport.InsecureSkipVerify, transport.DisableHttp2));
        Assert.Equal(TimeSpan.FromSeconds(30), transport.DialTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, transport.ResponseHeaderTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), transport.IdleConnTimeout);
        Assert.Null(transport.Material.Authorities);
    }

    [Theory]
    [InlineData("tr", "file", null)]
    [InlineData("tr@file", "docker", null)]
    [InlineData("nosuch", "file", "servers transport 'nosuch@file' does not exist")]
    [InlineData("tr", "docker", "servers transport 'tr@docker' does not exist")]
    [InlineData("tr@nowhere", "file", "servers transport 'tr@nowhere' does not exist (no provider named 'nowhere')")]
    public void Validate_ServiceNamingATransport_ResolvedByQualifiedNameOrDisabled(string named, string serviceProvider, string? expected)
    {
        var file = Validation.Provider("file", WithTransport(null, ("tr", ServersTransportConfig.Empty)) with { Routers = DynamicConfig.Empty.Routers, Services = DynamicConfig.Empty.Services });
        var user = Validation.Provider(serviceProvider, WithTransport(named));

        var result = serviceProvider == "file"
            ? Validation.Run(Validation.Provider("file", WithTransport(named, ("tr", ServersTransportConfig.Empty))))
            : Validation.Run(file, user);

        var view = result.View.Services[$"svc@{serviceProvider}"];
        if (expected is null)
        {
            Assert.Empty(view.Errors);
            Assert.Equal("tr@file", result.Services[$"svc@{serviceProvider}"].Transport!.Name);
        }
        else
        {
            Assert.Equal(ObjectStatus.Disabled, view.Status);
            var error = Assert.Single(view.Errors);
            Assert.Equal(("http.services.svc.loadBalancer.serversTransport", expected), (error.Path, error.Message));
        }
    }

    [Theory]
    [InlineData("rootCAs[0]", "cannot read '/nonexistent/ca.pem' on this node: no such directory")]
    [InlineData("forwardingTimeouts.dialTimeout", "'soon' is not a duration (use e.g. 10s, 500ms, 1m)")]
    [InlineData("peerCertURI", "'not a uri' is not an absolute URI (e.g. spiffe://example.org/backend)")]
    [InlineData("certificates[0].keyFile", "is required")]
    public void Validate_BrokenTransport_ErrorOnItAndItsServiceOthersServe(string field, string message)
    {
        var broken = field switch
        {
            "rootCAs[0]" => ServersTransportConfig.Empty with { RootCAs = ["/nonexistent/ca.pem"] },
            "forwardingTimeouts.dialTimeout" => ServersTransportConfig.Empty with { ForwardingTimeouts = ForwardingTimeoutsConfig.Empty with { DialTimeout = "soon" } },
            "peerCertURI" => ServersTransportConfig.Empty with { PeerCertUri = "not a uri" },
            _ => ServersTransportConfig.Empty with { Certificates = [new TlsCertificateFilesConfig("/x/cert.pem", null)] },
        };
        var config = WithTransport("bad", ("bad", broken));
        config = config with { Services = config.Services.Add("other", Service("http://127.0.0.1:8081")) };

        var result = Validation.Run(Validation.Provider("file", config));

        var errors = result.View.Providers["file"].Errors;
        Assert.Contains(errors, e => e.Path == $"http.serversTransports.bad.{field}" && e.Message == message);
        Assert.Contains(errors, e => e.Path == "http.serversTransports.bad" && e.Message == "servers transport 'bad' is left out; services using it are disabled");
        Assert.Equal("servers transport 'bad@file' has errors and is left out", Assert.Single(result.View.Services["svc@file"].Errors).Message);
        Assert.Contains("other@file", result.Services.Keys);
    }

    [Theory]
    [InlineData("rootCAs[0]", "/dev/zero", "not a regular file (a character device)")]
    [InlineData("rootCAs[0]", "/dev/urandom", "not a regular file (a character device)")]
    [InlineData("rootCAs[0]", "/tmp", "it is a directory")]
    [InlineData("rootCAs[0]", "fifo", "not a regular file (a FIFO)")]
    [InlineData("certificates[0].certFile", "fifo", "not a regular file (a FIFO)")]
    [InlineData("certificates[0].keyFile", "fifo", "not a regular file (a FIFO)")]
    public async Task Validate_CaOrCertificateNotARegularFile_ErrorNamingTheFileWithoutWaiting(string field, string path, string reason)
    {
        // A device never ends (read whole, it held the configuration actor until memory ran out); a FIFO held it for
        // as long as no one wrote to it.
        using var files = new TestCertificates();
        if (path == "fifo")
        {
            path = await Fifo.MakeAsync(Path.Combine(files.Folder, "pipe"));
        }

        var written = files.Write("client", TestCertificates.Rsa("CN=node", ["node.internal"]));
        var transport = field switch
        {
            "rootCAs[0]" => ServersTransportConfig.Empty with { RootCAs = [path] },
            "certificates[0].certFile" => ServersTransportConfig.Empty with { Certificates = [new TlsCertificateFilesConfig(path, written.KeyFile)] },
            _ => ServersTransportConfig.Empty with { Certificates = [new TlsCertificateFilesConfig(written.CertFile, path)] },
        };
        var config = WithTransport("bad", ("bad", transport));

        var result = await Fifo.WithinSecondsAsync(() => Validation.Run(Validation.Provider("file", config)));

        Assert.Contains(result.View.Providers["file"].Errors,
            e => e.Path == $"http.serversTransports.bad.{field}" && e.Message == $"cannot read '{path}' on this node: {reason}");
        Assert.Equal("servers transport 'bad@file' has errors and is left out", Assert.Single(result.View.Services["svc@file"].Errors).Message);
    }

    [Theory]
    [InlineData("certificates", "docker", "holds client certificates (certificates)")]
    [InlineData("insecureSkipVerify", "docker", "skips the servers' certificate check (insecureSkipVerify)")]
    [InlineData("certificates", "file", null)]
    [InlineData("insecureSkipVerify", "file", null)]
    [InlineData("rootCAs", "docker", null)]
    public void Validate_ServiceOfAnotherProviderNamingATransportWithKeysOrNoCheck_DisabledOthersServed(string field, string serviceProvider, string? why)
    {
        using var files = new TestCertificates();
        var certificate = TestCertificates.Rsa("CN=node", ["node.internal"], notBefore: DateTimeOffset.UtcNow.AddDays(-1), notAfter: DateTimeOffset.UtcNow.AddDays(30));
        var written = files.Write("client", certificate);
        var transport = field switch
        {
            "certificates" => ServersTransportConfig.Empty with { Certificates = [new TlsCertificateFilesConfig(written.CertFile, written.KeyFile)] },
            "insecureSkipVerify" => ServersTransportConfig.Empty with { InsecureSkipVerify = true },
            _ => ServersTransportConfig.Empty with { RootCAs = [written.CertFile] },
        };
        var declaring = WithTransport(null, ("mtls", transport)) with { Routers = DynamicConfig.Empty.Routers, Services = DynamicConfig.Empty.Services };

        var result = serviceProvider == "file"
            ? Validation.Run(Validation.Provider("file", WithTransport("mtls", ("mtls", transport))))
            : Validation.Run(Validation.Provider("file", declaring), Validation.Provider(serviceProvider, WithTransport("mtls@file")));

        var view = result.View.Services[$"svc@{serviceProvider}"];
        if (why is null)
        {
            Assert.Empty(view.Errors);
            Assert.Equal("mtls@file", result.Services[$"svc@{serviceProvider}"].Transport!.Name);
        }
        else
        {
            Assert.Equal(ObjectStatus.Disabled, view.Status);
            var error = Assert.Single(view.Errors);
            Assert.Equal("http.services.svc.loadBalancer.serversTransport", error.Path);
            Assert.StartsWith($"servers transport 'mtls@file' {why}: only services of the 'file' provider may name it", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("svc@docker", result.Services.Keys);
        }
    }

    [Fact]
    public void Validate_PeerCertUriWithInsecureSkipVerify_ErrorOnTheTransportNotASilentlySkippedCheck()
    {
        var transport = ServersTransportConfig.Empty with { InsecureSkipVerify = true, PeerCertUri = "spiffe://example.org/api" };

        var result = Validation.Run(Validation.Provider("file", WithTransport("tr", ("tr", transport))));

        Assert.Contains(result.View.Providers["file"].Errors, e => e.Path == "http.serversTransports.tr.peerCertURI"
            && e.Message == "cannot be checked with insecureSkipVerify: true, which skips every check of the server's certificate: drop one of them");
        Assert.Equal("servers transport 'tr@file' has errors and is left out", Assert.Single(result.View.Services["svc@file"].Errors).Message);
    }

    [Fact]
    public void Equals_SameTransportValidatedTwice_EqualSoTheServiceIsNotReconfigured()
    {
        var config = WithTransport("tr", ("tr", ServersTransportConfig.Empty with { ServerName = "api.internal" }));

        var first = Validation.Run(Validation.Provider("file", config)).Services["svc@file"];
        var again = Validation.Run(Validation.Provider("file", config)).Services["svc@file"];
        var changed = Validation.Run(Validation.Provider("file", WithTransport("tr", ("tr", ServersTransportConfig.Empty with { ServerName = "other" }))))
            .Services["svc@file"];

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
    }
}
