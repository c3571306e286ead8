using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Tls;

public sealed class CertificateStoreTests : IDisposable
{
    private readonly TestCertificates _files = new();
    private readonly FakeTimeProvider _time = new(TestCertificates.Now);
    private readonly CertificateFileReader _reader = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Build_OneBrokenCertificate_OthersServeAndItsErrorIsListed()
    {
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=shop", ["shop.example.com"]));
        var wild = _files.Write("wild", TestCertificates.Ecdsa("CN=wild", ["*.example.com"]));
        var broken = TestCertificates.Declared(Path.Combine(_files.Folder, "missing.pem"), shop.KeyFile, "tls.certificates[1]");
        var tls = ValidatedTls.Empty with { Certificates = [shop, broken, wild] };
        var generated = new GeneratedDefaultCertificate(_time);

        var snapshot = CertificateStore.Build(tls, _reader, _time, generated);

        Assert.Equal("tls.certificates[1].certFile", Assert.Single(snapshot.Errors).Path);
        Assert.Equal(2, snapshot.Certificates.Length);
        Assert.Same(snapshot.Certificates[0], snapshot.Select("SHOP.example.com"));
        Assert.Same(snapshot.Certificates[1], snapshot.Select("blog.example.com"));
        Assert.Same(generated.Certificate, snapshot.Select("example.org"));
        Assert.Same(generated.Certificate, snapshot.Select(null));
        Assert.Null(snapshot.Match("example.org"));
    }

    [Fact]
    public void Build_SubjectAlternativeNamesThatDoNotParse_ThatCertificatesErrorOthersServe()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=odd", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        // An OCTET STRING where the extension must hold a SEQUENCE of names: only reading the names finds out.
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509Extension("2.5.29.17", [0x04, 0x00], false));
        var odd = request.CreateSelfSigned(TestCertificates.Now.AddDays(-1), TestCertificates.Now.AddDays(1));
        var declared = _files.Write("odd", odd) with { Path = "tls.certificates[0]" };
        var shop = _files.Write("shop", TestCertificates.Rsa("CN=shop", ["shop.example.com"])) with { Path = "tls.certificates[1]" };

        var snapshot = CertificateStore.Build(ValidatedTls.Empty with { Certificates = [declared, shop] }, _reader, _time, new(_time));

        var error = Assert.Single(snapshot.Errors);
        Assert.Equal("tls.certificates[0].certFile", error.Path);
        Assert.StartsWith("cannot be loaded: ", error.Message, StringComparison.Ordinal);
        Assert.Equal("CN=shop", snapshot.Select("shop.example.com").Certificate.Subject);
    }

    [Fact]
    public void Build_TwoCertificatesForOneName_FirstDeclaredServes()
    {
        var first = _files.Write("first", TestCertificates.Rsa("CN=first", ["a.example.com"]));
        var second = _files.Write("second", TestCertificates.Rsa("CN=second", ["a.example.com"]));

        var snapshot = CertificateStore.Build(ValidatedTls.Empty with { Certificates = [first, second] }, _reader, _time, new(_time));

        Assert.Equal("CN=first", snapshot.Select("a.example.com").Certificate.Subject);
    }

    [Fact]
    public void Build_StoreDefaultCertificate_ServesWhenNothingMatches()
    {
        var fallback = _files.Write("fallback", TestCertificates.Rsa("CN=fallback", ["fallback.example.com"]));

        var snapshot = CertificateStore.Build(ValidatedTls.Empty with { DefaultCertificate = fallback }, _reader, _time, new(_time));

        Assert.Empty(snapshot.Errors);
        Assert.Equal("CN=fallback", snapshot.Select("unknown.example.org").Certificate.Subject);
    }

    [Fact]
    public void Build_BrokenStoreDefault_GeneratedServesAndErrorSaysSo()
    {
        var declared = TestCertificates.Declared(Path.Combine(_files.Folder, "none.pem"), Path.Combine(_files.Folder, "none.key"), "tls.stores.default.defaultCertificate");
        var generated = new GeneratedDefaultCertificate(_time);

        var snapshot = CertificateStore.Build(ValidatedTls.Empty with { DefaultCertificate = declared }, _reader, _time, generated);

        var error = Assert.Single(snapshot.Errors);
        Assert.Equal("tls.stores.default.defaultCertificate.certFile", error.Path);
        Assert.EndsWith("; the generated default certificate serves instead", error.Message, StringComparison.Ordinal);
        Assert.Same(generated.Certificate, snapshot.Default);
    }

    [Fact]
    public void Build_Twice_GeneratedDefaultIsTheSameCertificate()
    {
        var generated = new GeneratedDefaultCertificate(_time);

        var first = CertificateStore.Build(ValidatedTls.Empty, _reader, _time, generated);
        var second = CertificateStore.Build(ValidatedTls.Empty, _reader, _time, generated);

        Assert.Same(first.Default.Certificate, second.Default.Certificate);
        Assert.Equal(SelfSignedCertificate.Subject, first.Default.Certificate.Subject);
        Assert.True(first.Default.Certificate.HasPrivateKey);
        Assert.Equal(TestCertificates.Now.Add(SelfSignedCertificate.Validity), first.Default.NotAfter);
    }
}
