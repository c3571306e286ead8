using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Tls;

/// <summary>Loading real PEM files: what serves, and the one error each broken pair gets.</summary>
public sealed class CertificateLoaderTests : IDisposable
{
    private readonly TestCertificates _files = new();
    private readonly FakeTimeProvider _time = new(TestCertificates.Now);
    private readonly CertificateFileReader _reader = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Load_RsaPair_ServesWithKeyAndNames()
    {
        var declared = _files.Write("rsa", TestCertificates.Rsa("CN=shop", ["Shop.Example.com", "*.shop.example.com"]));

        var (certificate, error) = CertificateLoader.Load(declared, _reader, _time);

        Assert.Null(error);
        Assert.True(certificate!.Certificate.HasPrivateKey);
        Assert.Equal<string>(["shop.example.com", "*.shop.example.com"], certificate.Names.ToArray());
        Assert.Empty(certificate.Intermediates);
        Assert.Equal(("file:/etc/proxy/dynamic.yml", "tls.certificates[rsa]"), (certificate.Source, certificate.Path));
    }

    [Fact]
    public void Load_EcdsaPairWithChain_KeepsIntermediates()
    {
        var ca = TestCertificates.Ecdsa("CN=Test CA", [], ca: true);
        var leaf = TestCertificates.Ecdsa("CN=api", ["api.example.com"], issuer: ca);
        var declared = _files.Write("ecdsa", leaf, ca);

        var (certificate, error) = CertificateLoader.Load(declared, _reader, _time);

        Assert.Null(error);
        Assert.True(certificate!.Certificate.HasPrivateKey);
        Assert.NotNull(certificate.Certificate.GetECDsaPrivateKey());
        Assert.Equal<string>(["api.example.com"], certificate.Names.ToArray());
        Assert.Equal(ca.Thumbprint, Assert.Single(certificate.Intermediates).Thumbprint);
    }

    [Fact]
    public void Load_NoSubjectAlternativeNames_CommonNameCovered()
    {
        var declared = _files.Write("cn", TestCertificates.Rsa("CN=Legacy.Example.com", []));

        var (certificate, _) = CertificateLoader.Load(declared, _reader, _time);

        Assert.Equal<string>(["legacy.example.com"], certificate!.Names.ToArray());
    }

    [Fact]
    public void Load_MissingCertFile_NamesFileAndField()
    {
        var declared = TestCertificates.Declared(Path.Combine(_files.Folder, "nope.pem"), Path.Combine(_files.Folder, "nope.key"));

        var error = Failure(declared);

        Assert.Equal(("tls.certificates[0].certFile", $"cannot read '{_files.Folder}/nope.pem': no such file"), (error.Path, error.Message));
        Assert.Equal("file:/etc/proxy/dynamic.yml", error.Source);
    }

    [Fact]
    public void Load_MissingKeyFile_NamesFileAndField()
    {
        var declared = _files.Write("k", TestCertificates.Rsa("CN=k", ["k.example.com"])) with { KeyFile = Path.Combine(_files.Folder, "gone", "k.key") };

        var error = Failure(declared);

        Assert.Equal(("tls.certificates[k].keyFile", $"cannot read '{_files.Folder}/gone/k.key': no such directory"), (error.Path, error.Message));
    }

    [Fact]
    public void Load_DirectoryAsCertFile_Unreadable()
    {
        var declared = _files.Write("d", TestCertificates.Rsa("CN=d", ["d.example.com"])) with { CertFile = _files.Folder };

        var error = Failure(declared);

        Assert.Equal(("tls.certificates[d].certFile", $"cannot read '{_files.Folder}': it is a directory"), (error.Path, error.Message));
    }

    [Fact]
    public async Task Load_FifoAsCertFile_RefusedWithoutWaiting()
    {
        var fifo = await Files.Fifo.MakeAsync(Path.Combine(_files.Folder, "pipe.pem"));
        var declared = _files.Write("p", TestCertificates.Rsa("CN=p", ["p.example.com"])) with { CertFile = fifo };

        var error = await Files.Fifo.WithinSecondsAsync(() => Failure(declared));

        Assert.Equal(("tls.certificates[p].certFile", $"cannot read '{fifo}': not a regular file (a FIFO)"), (error.Path, error.Message));
    }

    [Fact]
    public void Load_KeyOfAnotherCertificate_Mismatch()
    {
        var declared = _files.Write("a", TestCertificates.Rsa("CN=a", ["a.example.com"]));
        var other = _files.Write("b", TestCertificates.Rsa("CN=b", ["b.example.com"]));

        var error = Failure(declared with { KeyFile = other.KeyFile });

        Assert.Equal(
            ("tls.certificates[a].keyFile", $"the key in '{other.KeyFile}' does not match the certificate in '{declared.CertFile}'"),
            (error.Path, error.Message));
    }

    [Fact]
    public void Load_EcdsaKeyForRsaCertificate_Mismatch()
    {
        var declared = _files.Write("rsa", TestCertificates.Rsa("CN=a", ["a.example.com"]));
        var ecdsa = _files.Write("ec", TestCertificates.Ecdsa("CN=a", ["a.example.com"]));

        var error = Failure(declared with { KeyFile = ecdsa.KeyFile });

        Assert.Equal("tls.certificates[rsa].keyFile", error.Path);
        Assert.Contains("does not match the certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Expired_ErrorSaysWhen()
    {
        var declared = _files.Write("old", TestCertificates.Rsa("CN=old", ["old.example.com"], notAfter: TestCertificates.Now.AddDays(30)));
        _time.Advance(TimeSpan.FromDays(31));

        var error = Failure(declared);

        Assert.Equal("tls.certificates[old].certFile", error.Path);
        Assert.Equal(
            $"the certificate in '{declared.CertFile}' (CN=old) expired on {TestCertificates.Now.AddDays(30):yyyy-MM-dd} 12:00:00 UTC",
            error.Message);
    }

    [Fact]
    public void Load_NotYetValid_Error()
    {
        var declared = _files.Write("new", TestCertificates.Rsa("CN=new", ["new.example.com"]));
        var (certificate, error) = CertificateLoader.Load(declared, _reader, new FakeTimeProvider(TestCertificates.Now.AddDays(-31)));

        Assert.Null(certificate);
        Assert.Equal(
            $"the certificate in '{declared.CertFile}' (CN=new) is not valid before {TestCertificates.Now.AddDays(-30):yyyy-MM-dd} 12:00:00 UTC",
            error!.Message);
    }

    [Theory]
    [InlineData("hello, not a certificate\n")]
    [InlineData("")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    public void Load_NotACertificate_SaysSo(string text)
    {
        var declared = _files.Write("x", TestCertificates.Rsa("CN=x", ["x.example.com"])) with { CertFile = _files.WriteText("x.txt", text) };

        var error = Failure(declared);

        Assert.Equal(("tls.certificates[x].certFile", $"'{declared.CertFile}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"), (error.Path, error.Message));
    }

    [Fact]
    public void Load_CertificateInKeyFile_NoKey()
    {
        var declared = _files.Write("y", TestCertificates.Rsa("CN=y", ["y.example.com"]));

        var error = Failure(declared with { KeyFile = declared.CertFile });

        Assert.Equal(("tls.certificates[y].keyFile", $"'{declared.CertFile}' holds no PEM RSA or ECDSA private key"), (error.Path, error.Message));
    }

    private Proxy.Actors.Model.ConfigError Failure(Proxy.Actors.Configuration.Validation.SourcedCertificate declared)
    {
        var (certificate, error) = CertificateLoader.Load(declared, _reader, _time);
        Assert.Null(certificate);
        return error!;
    }
}
