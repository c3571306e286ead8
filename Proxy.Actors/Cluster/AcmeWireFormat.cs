using System.Runtime.Serialization;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The binary form of the replicated ACME values, under <see cref="ProxySerializer.FormatVersion"/>.
/// Times are Unix milliseconds; PEM travels as the text it is (a certificate chain and its key are a
/// few kilobytes, far under the limit of one key).
/// </summary>
internal static class AcmeWireFormat
{
    public static void WriteAccount(BinaryWriter w, AcmeAccountEntry entry)
    {
        var account = entry.Account;
        w.Write(account.Resolver);
        w.Write(account.CaServer.OriginalString);
        w.Write(account.Email);
        w.Write(account.KeyPem);
        w.WriteNullable(account.AccountUrl?.OriginalString);
    }

    public static AcmeAccountEntry ReadAccount(BinaryReader r) =>
        new(new AcmeStoredAccount(
            Resolver: r.ReadString(),
            CaServer: ReadUri(r.ReadString()),
            Email: r.ReadString(),
            KeyPem: r.ReadString(),
            AccountUrl: r.ReadNullableString() is { } url ? ReadUri(url) : null));

    public static void WriteCertificate(BinaryWriter w, AcmeCertificateEntry entry)
    {
        var certificate = entry.Certificate;
        w.Write(certificate.Resolver);
        w.WriteArray(certificate.Domains, static (w, d) => w.Write(d));
        w.Write(certificate.ChainPem);
        w.Write(certificate.KeyPem);
        w.Write7BitEncodedInt64(certificate.NotAfter.ToUnixTimeMilliseconds());
        w.Write(certificate.OrderedBy);
        w.Write7BitEncodedInt64(certificate.ObtainedAt.ToUnixTimeMilliseconds());
    }

    public static AcmeCertificateEntry ReadCertificate(BinaryReader r) =>
        new(new AcmeStoredCertificate(
            Resolver: r.ReadString(),
            Domains: r.ReadArray(static r => r.ReadString()),
            ChainPem: r.ReadString(),
            KeyPem: r.ReadString(),
            NotAfter: ReadTime(r.Read7BitEncodedInt64()),
            OrderedBy: r.ReadString(),
            ObtainedAt: ReadTime(r.Read7BitEncodedInt64())));

    public static void WriteChallenge(BinaryWriter w, AcmeChallengeEntry entry)
    {
        var answer = entry.Answer;
        w.Write(answer.Domain);
        w.Write(answer.Type);
        w.Write(answer.Token);
        w.Write(answer.KeyAuthorization);
        w.Write7BitEncodedInt64(entry.PublishedAtUnixMs);
    }

    public static AcmeChallengeEntry ReadChallenge(BinaryReader r) =>
        new(new AcmeChallengeAnswer(Domain: r.ReadString(), Type: r.ReadString(), Token: r.ReadString(), KeyAuthorization: r.ReadString()), r.Read7BitEncodedInt64());

    public static void WriteRouterProblems(BinaryWriter w, AcmeRouterProblemsEntry entry)
    {
        w.Write(entry.Node);
        w.WriteArray(entry.Problems, static (w, p) =>
        {
            w.Write(p.Router);
            w.Write(p.Message);
        });
        w.Write7BitEncodedInt(entry.Omitted);
    }

    public static AcmeRouterProblemsEntry ReadRouterProblems(BinaryReader r) =>
        new(
            Node: r.ReadString(),
            Problems: r.ReadArray(static r => new AcmeRouterProblem(r.ReadString(), r.ReadString())),
            Omitted: r.Read7BitEncodedInt());

    private static Uri ReadUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : throw new SerializationException($"not an absolute URL: '{value}'");

    private static DateTimeOffset ReadTime(long unixMs) =>
        unixMs is >= -62_135_596_800_000 and <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(unixMs)
            : throw new SerializationException($"time out of range: {unixMs} ms");
}
