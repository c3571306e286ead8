using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Tests.Certificates.State;

internal static class AcmeSamples
{
    public static readonly DateTimeOffset Epoch = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    public static AcmeStoredCertificate Certificate(string resolver, string chain, DateTimeOffset notAfter, params string[] domains) =>
        new(resolver, [.. domains], chain, "-----BEGIN PRIVATE KEY-----\nkey of " + chain + "\n-----END PRIVATE KEY-----\n", notAfter, "127.0.0.1:4053", notAfter.AddDays(-90));

    public static AcmeStoredAccount Account(string resolver, string key) =>
        new(resolver, new Uri("https://ca.test/dir"), "ops@example.com", key, new Uri("https://ca.test/acct/1"));

    public static AcmeChallengeAnswer Http(string domain, string token) =>
        new(domain, AcmeChallenge.Http01, token, token + ".thumbprint");
}
