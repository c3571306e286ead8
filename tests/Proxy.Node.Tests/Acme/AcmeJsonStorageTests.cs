using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Proxy.Actors.Certificates;
using Proxy.Node.Acme;
using Xunit;

namespace Proxy.Node.Tests.Acme;

public sealed class AcmeJsonStorageTests : IDisposable
{
    private static readonly Uri Ca = new("https://acme-v02.api.letsencrypt.org/directory");

    private readonly string _directory = Directory.CreateTempSubdirectory("acme-storage-").FullName;
    private readonly FixedTime _clock = new(new DateTimeOffset(2026, 12, 5, 1, 2, 3, TimeSpan.Zero));

    private string FilePath => Path.Combine(_directory, "acme.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Read_TraefikFile_AccountAndCertificatesOfTheResolver()
    {
        using var accountKey = RSA.Create(2048);
        var (chain, key, notAfter) = Issue("shop.example.com", "www.shop.example.com");
        // Traefik v3's acme.json as its LocalStore writes it: Go's base64 of the byte slices, the
        // account key in PKCS#1 DER, the certificate and key as PEM text.
        File.WriteAllText(FilePath, $$"""
            {
              "le": {
                "Account": {
                  "Email": "ops@example.com",
                  "Registration": {
                    "body": { "status": "valid", "contact": [ "mailto:ops@example.com" ] },
                    "uri": "https://acme-v02.api.letsencrypt.org/acme/acct/123456"
                  },
                  "PrivateKey": "{{Convert.ToBase64String(accountKey.ExportRSAPrivateKey())}}",
                  "KeyType": "4096"
                },
                "Certificates": [
                  {
                    "domain": { "main": "shop.example.com", "sans": [ "www.shop.example.com" ] },
                    "certificate": "{{B64(chain)}}",
                    "key": "{{B64(key)}}",
                    "Store": "default"
                  },
                  { "domain": { "main": "empty.example.com" }, "certificate": "", "key": "", "Store": "default" }
                ]
              },
              "other": { "Account": null, "Certificates": null }
            }
            """);

        var read = Storage().Read(FilePath, [new AcmeResolverStorage("le", FilePath, Ca)]);

        Assert.Null(read.Error);
        var account = Assert.Single(read.Content.Accounts);
        Assert.Equal(("le", Ca, "ops@example.com"), (account.Resolver, account.CaServer, account.Email));
        Assert.Equal(new Uri("https://acme-v02.api.letsencrypt.org/acme/acct/123456"), account.AccountUrl);
        using (var loaded = RSA.Create())
        {
            loaded.ImportFromPem(account.KeyPem);
            Assert.Equal(accountKey.ExportRSAPublicKey(), loaded.ExportRSAPublicKey());
        }

        var certificate = Assert.Single(read.Content.Certificates);
        Assert.Equal(["shop.example.com", "www.shop.example.com"], certificate.Domains.ToArray());
        Assert.Equal(chain, certificate.ChainPem);
        Assert.Equal(key, certificate.KeyPem);
        Assert.Equal(notAfter, certificate.NotAfter);
    }

    [Fact]
    public void Write_ThenRead_SameContentFileOwnerOnlyOtherResolversKept()
    {
        File.WriteAllText(FilePath, """{ "traefik-only": { "Account": { "Email": "x@example.com" }, "Certificates": [] } }""");
        var resolvers = new[] { new AcmeResolverStorage("le", FilePath, Ca), new AcmeResolverStorage("staging", FilePath, Ca) };
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (chain, key, notAfter) = Issue("a.example.com");
        var content = new AcmeStorageContent(
            [new AcmeStoredAccount("le", Ca, "ops@example.com", ec.ExportPkcs8PrivateKeyPem(), new Uri("https://ca.test/acct/1"))],
            [
                new AcmeStoredCertificate("le", ["a.example.com"], chain, key, notAfter, "127.0.0.1:4053", notAfter.AddDays(-90)),
                new AcmeStoredCertificate("staging", ["a.example.com"], chain, key, notAfter, "127.0.0.1:4054", notAfter.AddDays(-90)),
            ]);
        var storage = Storage();

        var first = storage.Write(FilePath, resolvers, content);
        var again = storage.Write(FilePath, resolvers, content);

        Assert.Equal(new AcmeStorageWrite(true, null), first);
        Assert.Equal(new AcmeStorageWrite(false, null), again);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        }

        var root = JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject();
        Assert.Equal("x@example.com", root["traefik-only"]!["Account"]!["Email"]!.GetValue<string>());
        Assert.Equal("default", root["le"]!["Certificates"]![0]!["Store"]!.GetValue<string>());
        var read = storage.Read(FilePath, resolvers);
        Assert.Null(read.Error);
        Assert.Equal(content.Accounts.Single(), read.Content.Accounts.Single());
        Assert.Equal(2, read.Content.Certificates.Length);
        Assert.All(read.Content.Certificates.Zip(content.Certificates), pair => Assert.True(AcmeCertificateOrder.Same(pair.First, pair.Second), $"{pair.First} != {pair.Second}"));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public void Read_NotAcmeJson_MovedAsideAndNamedInTheError()
    {
        File.WriteAllText(FilePath, "{ \"le\": [ not json");

        var read = Storage().Read(FilePath, [new AcmeResolverStorage("le", FilePath, Ca)]);

        var aside = FilePath + ".bad-20261205T010203Z";
        Assert.True(read.Writable);
        Assert.Contains($"is not a valid acme.json", read.Error, StringComparison.Ordinal);
        Assert.Contains($"moved to {aside}", read.Error, StringComparison.Ordinal);
        Assert.Equal("{ \"le\": [ not json", File.ReadAllText(aside));
        Assert.False(File.Exists(FilePath));
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "[]", "the top level is not an object of resolvers" },
        { """{ "le": [] }""", "resolver 'le' is not an object" },
        { """{ "le": { "Account": { "Email": "a@b.c" } } }""", "resolver 'le', Account has no PrivateKey" },
        { """{ "le": { "Account": { "PrivateKey": "%%%" } } }""", "resolver 'le', Account.PrivateKey is not base64" },
        { """{ "le": { "Account": { "PrivateKey": "AAAA" } } }""", "resolver 'le', Account.PrivateKey is neither a PKCS#1 RSA key nor a PKCS#8 EC key" },
        { """{ "le": { "Account": { "PrivateKey": 5 } } }""", "is not a valid acme.json" },
        { """{ "le": { "Certificates": [ 1 ] } }""", "resolver 'le', certificate 0 is not an object" },
        { """{ "le": { "Certificates": [ { "certificate": "QQ==", "key": "QQ==" } ] } }""", "resolver 'le', certificate 0 has no domain" },
        { """{ "le": { "Certificates": [ { "domain": { "main": "" }, "certificate": "QQ==", "key": "QQ==" } ] } }""", "resolver 'le', certificate 0 names no domain" },
        { """{ "le": { "Certificates": [ { "domain": { "main": "a.example.com" }, "certificate": "QQ==", "key": "QQ==" } ] } }""", "resolver 'le', certificate 0.certificate is not a PEM certificate" },
        { new string('[', 100), "is not a valid acme.json" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadContent_MovedAsideWithWhatAndWhere(string json, string expected)
    {
        File.WriteAllText(FilePath, json);

        var read = Storage().Read(FilePath, [new AcmeResolverStorage("le", FilePath, Ca)]);

        Assert.True(read.Writable);
        Assert.Contains(expected, read.Error, StringComparison.Ordinal);
        Assert.Empty(read.Content.Certificates);
        Assert.Equal(json, File.ReadAllText(FilePath + ".bad-20261205T010203Z"));
    }

    [Fact]
    public void Read_OverTheSizeLimit_UnwritableAndTheLimitNamed()
    {
        using (var stream = File.Create(FilePath))
        {
            stream.SetLength(AcmeJsonStorage.MaxFileBytes + 1);
        }

        var read = Storage().Read(FilePath, [new AcmeResolverStorage("le", FilePath, Ca)]);

        Assert.False(read.Writable);
        Assert.Contains($"over the {AcmeJsonStorage.MaxFileBytes}-byte limit of a storage file", read.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FileTurnedInvalid_NotWrittenOver()
    {
        File.WriteAllText(FilePath, "garbage");

        var written = Storage().Write(FilePath, [new AcmeResolverStorage("le", FilePath, Ca)], AcmeStorageContent.Empty);

        Assert.False(written.Written);
        Assert.Contains("no longer valid acme.json", written.Error, StringComparison.Ordinal);
        Assert.Equal("garbage", File.ReadAllText(FilePath));
    }

    [Fact]
    public void Read_FileOthersCanRead_MadeOwnerOnlyWithWarning()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        File.WriteAllText(FilePath, "{}");
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var read = Storage().Read(FilePath, [new AcmeResolverStorage("le", FilePath, Ca)]);

        Assert.Null(read.Error);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Contains("mode 0644", read.Warning, StringComparison.Ordinal);
        Assert.Contains("made 0600", read.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OwnerOnlyFile_NoWarning()
    {
        File.WriteAllText(FilePath, "{}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var read = Storage().Read(FilePath, [new AcmeResolverStorage("le", FilePath, Ca)]);

        Assert.Null(read.Warning);
    }

    [Fact]
    public void Write_FileAndDirectoryMissing_BothCreated()
    {
        var path = Path.Combine(_directory, "node0", "acme.json");
        using var ec = ECDsa.Create();
        var account = new AcmeStoredAccount("le", Ca, "ops@example.com", ec.ExportPkcs8PrivateKeyPem(), new Uri("https://ca.test/acct/1"));

        var written = Storage().Write(path, [new AcmeResolverStorage("le", path, Ca)], new AcmeStorageContent([account], []));

        Assert.Equal(new AcmeStorageWrite(true, null), written);
        Assert.Contains("ops@example.com", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_PathIsSymbolicLink_TargetReplacedAndLinkKept()
    {
        // A Kubernetes secret mount: the file is a link to ..data/acme.json, itself a link to a dated directory.
        var dated = Directory.CreateDirectory(Path.Combine(_directory, "..2026_12_05")).FullName;
        File.WriteAllText(Path.Combine(dated, "acme.json"), "{}");
        Directory.CreateSymbolicLink(Path.Combine(_directory, "..data"), "..2026_12_05");
        File.CreateSymbolicLink(FilePath, Path.Combine("..data", "acme.json"));
        var resolvers = new[] { new AcmeResolverStorage("le", FilePath, Ca) };
        var (chain, key, notAfter) = Issue("a.example.com");
        var content = new AcmeStorageContent([], [new AcmeStoredCertificate("le", ["a.example.com"], chain, key, notAfter, "127.0.0.1:4053", notAfter.AddDays(-90))]);

        var written = Storage().Write(FilePath, resolvers, content);

        Assert.Equal(new AcmeStorageWrite(true, null), written);
        Assert.Equal(Path.Combine("..data", "acme.json"), new FileInfo(FilePath).LinkTarget);
        Assert.Contains("a.example.com", File.ReadAllText(Path.Combine(dated, "acme.json")), StringComparison.Ordinal);
        Assert.Single(Storage().Read(FilePath, resolvers).Content.Certificates);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
        Assert.Empty(Directory.GetFiles(dated, "*.tmp"));
    }

    [Fact]
    public void Indented_SharedOptions_ReadOnly()
    {
        Assert.True(AcmeJsonFormat.Indented.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => AcmeJsonFormat.Indented.WriteIndented = false);
    }

    private AcmeJsonStorage Storage() => new(_clock);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>A leaf and its issuer, as a CA's chain; the key of the leaf in PKCS#8 PEM.</summary>
    private static (string Chain, string Key, DateTimeOffset NotAfter) Issue(params string[] names)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var notBefore = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        using var ca = caRequest.CreateSelfSigned(notBefore, notBefore.AddYears(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={names[0]}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        var notAfter = notBefore.AddDays(90);
        using var leaf = request.Create(ca, notBefore, notAfter, [1, 2, 3, 4]);
        return (leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n", leafKey.ExportPkcs8PrivateKeyPem(), notAfter);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
