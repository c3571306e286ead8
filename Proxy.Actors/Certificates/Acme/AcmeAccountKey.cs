using System.Security.Cryptography;
using System.Text;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>
/// The account's key pair and what JWS needs from it: the algorithm (ES256 for P-256, RS256 for
/// RSA), the public JWK, its RFC 7638 thumbprint (part of every key authorization) and signatures.
/// Owns the key: dispose it with the client that uses it.
/// </summary>
public sealed class AcmeAccountKey : IDisposable
{
    private readonly ECDsa? _ec;
    private readonly RSA? _rsa;

    private AcmeAccountKey(ECDsa? ec, RSA? rsa)
    {
        _ec = ec;
        _rsa = rsa;
        Jwk = BuildJwk();
        Thumbprint = Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk)));
    }

    /// <summary>The JWS "alg": ES256 or RS256.</summary>
    public string Algorithm => _ec is not null ? "ES256" : "RS256";

    /// <summary>The public key as a JWK in RFC 7638's canonical form (members sorted, no spaces).</summary>
    public string Jwk { get; }

    /// <summary>base64url(SHA-256(<see cref="Jwk"/>)).</summary>
    public string Thumbprint { get; }

    public static AcmeAccountKey CreateEs256() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

    public static AcmeAccountKey CreateRs256(int bits = 2048) => new(null, RSA.Create(bits));

    /// <summary>A key stored as PKCS#8 PEM: a P-256 key signs ES256, an RSA key RS256.</summary>
    public static AcmeAccountKey FromPem(string pem)
    {
        if (TryRsa(pem) is { } rsa)
        {
            return new(null, rsa);
        }

        var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        if (ec.KeySize != 256)
        {
            ec.Dispose();
            throw new ArgumentException($"ACME account key: an EC key must be P-256 (ES256), this one has {ec.KeySize} bits", nameof(pem));
        }

        return new(ec, null);
    }

    public string ExportPem() => _ec is not null ? _ec.ExportPkcs8PrivateKeyPem() : _rsa!.ExportPkcs8PrivateKeyPem();

    /// <summary>RFC 8555 section 8.1: token "." thumbprint.</summary>
    public string KeyAuthorization(string token) => token + "." + Thumbprint;

    public byte[] Sign(byte[] data) => _ec is not null
        // JWS wants the raw r||s form (RFC 7518 section 3.4), not DER.
        ? _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        : _rsa!.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose()
    {
        _ec?.Dispose();
        _rsa?.Dispose();
    }

    private static RSA? TryRsa(string pem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return rsa;
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return null;
        }
        catch (ArgumentException)
        {
            rsa.Dispose();
            return null;
        }
    }

    private string BuildJwk()
    {
        if (_ec is not null)
        {
            var p = _ec.ExportParameters(false);
            return $$"""{"crv":"P-256","kty":"EC","x":"{{Base64Url.Encode(p.Q.X)}}","y":"{{Base64Url.Encode(p.Q.Y)}}"}""";
        }

        var r = _rsa!.ExportParameters(false);
        return $$"""{"e":"{{Base64Url.Encode(r.Exponent)}}","kty":"RSA","n":"{{Base64Url.Encode(r.Modulus)}}"}""";
    }
}
