using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Certificates.Acme;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>
/// The client against a real pebble that validates every challenge by connecting to this test's
/// own loopback listeners. Each test uses its own account and name, so no authorization is reused.
/// </summary>
public sealed class AcmeClientPebbleTests : IClassFixture<PebbleServer>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly PebbleServer _pebble;

    public AcmeClientPebbleTests(PebbleServer pebble) => _pebble = pebble;

    [PebbleFact]
    public async Task CreateAccountAsync_NewKeyThenSameKey_CreatedOnceThenFound()
    {
        using var http = _pebble.CreateHttpClient();
        using var key = AcmeAccountKey.CreateEs256();

        var first = await new AcmeClient(http, _pebble.DirectoryUrl, key, TimeProvider.System).CreateAccountAsync("ops@example.com");
        var again = await new AcmeClient(http, _pebble.DirectoryUrl, key, TimeProvider.System).CreateAccountAsync("ops@example.com");

        Assert.True(first.IsSuccess, first.Problem?.ToString());
        Assert.True(first.Value.Created);
        Assert.Equal("valid", first.Value.Status);
        Assert.True(again.IsSuccess, again.Problem?.ToString());
        Assert.False(again.Value.Created);
        Assert.Equal(first.Value.Location, again.Value.Location);
    }

    [PebbleFact]
    public async Task GetDirectoryAsync_CaCertificateNotFromTheTrustedRoots_TransportProblem()
    {
        using var otherKey = System.Security.Cryptography.ECDsa.Create();
        using var other = new CertificateRequest("CN=localhost", otherKey, System.Security.Cryptography.HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var http = new HttpClient(AcmeCaTrust.CreateHandler([other]));
        using var key = AcmeAccountKey.CreateEs256();

        var result = await new AcmeClient(http, _pebble.DirectoryUrl, key, TimeProvider.System).GetDirectoryAsync();

        Assert.False(result.IsSuccess);
        Assert.Equal(AcmeProblem.TransportType, result.Problem.Type);
        Assert.Equal("directory", result.Problem.Operation);
        Assert.Contains(_pebble.DirectoryUrl.ToString(), result.Problem.Detail);
    }

    [PebbleFact]
    public async Task Order_Http01_CertificateForTheNameChainsToPebbleRoot()
    {
        const string domain = "http01.acme.test";
        await using var responder = await Http01Responder.StartAsync(_pebble.HttpPort);
        using var http = _pebble.CreateHttpClient();
        using var key = AcmeAccountKey.CreateEs256();
        var client = await AccountAsync(http, key);

        var order = await AuthorizeAsync(client, domain, AcmeChallenge.Http01, (authorization, challenge) =>
            responder.Answer(challenge.Token, key.KeyAuthorization(challenge.Token)));
        var pem = await FinalizeAndDownloadAsync(client, order, domain, AcmeKeyType.EC256);

        Assert.True(responder.Requests > 0, "pebble never fetched the HTTP-01 answer");
        await AssertIssuedAsync(pem, domain);
    }

    [PebbleFact]
    public async Task Order_TlsAlpn01WithRs256Account_CertificateForTheNameChainsToPebbleRoot()
    {
        const string domain = "tlsalpn01.acme.test";
        await using var responder = TlsAlpnResponder.Start(_pebble.TlsPort);
        using var http = _pebble.CreateHttpClient();
        using var key = AcmeAccountKey.CreateRs256();
        var client = await AccountAsync(http, key);

        var order = await AuthorizeAsync(client, domain, AcmeChallenge.TlsAlpn01, (authorization, challenge) =>
            responder.Answer(domain, TlsAlpnChallengeCertificate.Create(domain, key.KeyAuthorization(challenge.Token), TimeProvider.System)));
        var pem = await FinalizeAndDownloadAsync(client, order, domain, AcmeKeyType.RSA2048);

        Assert.True(responder.Handshakes > 0, "pebble never completed an acme-tls/1 handshake");
        await AssertIssuedAsync(pem, domain);
    }

    [PebbleFact]
    public async Task IssuanceOrderAsync_TwoNamesThroughTlsAlpn01_OneCertificateForBothWithItsKey()
    {
        string[] domains = ["one.issuance.acme.test", "two.issuance.acme.test"];
        await using var responder = TlsAlpnResponder.Start(_pebble.TlsPort);
        using var http = _pebble.CreateHttpClient();
        using var key = AcmeAccountKey.CreateEs256();
        var client = await AccountAsync(http, key);

        var issued = Ok(await AcmeIssuance.OrderAsync(client, domains, AcmeChallenge.TlsAlpn01, AcmeKeyType.EC384, responder, Limit));

        using var leaf = X509Certificate2.CreateFromPem(issued.ChainPem, issued.KeyPem);
        Assert.True(leaf.HasPrivateKey);
        Assert.Equal(domains, leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().Order());
        Assert.Equal(384, leaf.GetECDsaPublicKey()!.KeySize);
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), issued.NotAfter.UtcDateTime);
        Assert.True(responder.Handshakes >= 2, $"pebble completed {responder.Handshakes} acme-tls/1 handshakes for two names");
        await AssertIssuedAsync(issued.ChainPem, domains);
    }

    [PebbleFact]
    public async Task IssuanceOrderAsync_NothingListensForHttp01_CaConnectionProblem()
    {
        using var http = _pebble.CreateHttpClient();
        using var key = AcmeAccountKey.CreateEs256();
        var client = await AccountAsync(http, key);
        var silent = new SilentResponder();

        var result = await AcmeIssuance.OrderAsync(client, ["nobody-home.acme.test"], AcmeChallenge.Http01, AcmeKeyType.EC256, silent, Limit);

        Assert.False(result.IsSuccess);
        Assert.Equal(AcmeProblem.ErrorPrefix + "connection", result.Problem.Type);
        Assert.Equal(1, silent.Withdrawn);
    }

    [PebbleFact]
    public async Task ValidateAsync_WrongHttp01Answer_CaUnauthorizedProblem()
    {
        const string domain = "wrong-answer.acme.test";
        await using var responder = await Http01Responder.StartAsync(_pebble.HttpPort);
        using var http = _pebble.CreateHttpClient();
        using var key = AcmeAccountKey.CreateEs256();
        var client = await AccountAsync(http, key);
        var order = Ok(await client.NewOrderAsync([domain]));
        var authorization = Ok(await client.GetAuthorizationAsync(order.Authorizations[0]));
        var challenge = authorization.Challenge(AcmeChallenge.Http01)!;
        responder.Answer(challenge.Token, challenge.Token + ".not-the-account-thumbprint");

        var result = await client.ValidateAsync(authorization, challenge, Limit);

        Assert.False(result.IsSuccess);
        Assert.Equal(AcmeProblem.ErrorPrefix + "unauthorized", result.Problem.Type);
        Assert.Contains("not-the-account-thumbprint", result.Problem.Detail);
    }

    [PebbleFact]
    public async Task FinalizeAsync_CsrForAnotherName_CaUnauthorizedProblem()
    {
        var (client, order) = await ReadyOrderAsync("other-name.acme.test");
        using var request = AcmeCertificateRequest.Create(AcmeKeyType.EC256, ["someone-else.acme.test"]);

        var result = await client.FinalizeAsync(order, request.Csr, Limit);

        Assert.False(result.IsSuccess);
        Assert.Equal(AcmeProblem.ErrorPrefix + "unauthorized", result.Problem.Type);
        Assert.Contains("missing Order domain \"other-name.acme.test\"", result.Problem.Detail);
        Assert.Equal("finalize", result.Problem.Operation);
        Assert.Equal(403, result.Problem.Status);
    }

    [PebbleFact]
    public async Task FinalizeAsync_TruncatedCsr_CaMalformedProblem()
    {
        var (client, order) = await ReadyOrderAsync("corrupt-csr.acme.test");
        using var request = AcmeCertificateRequest.Create(AcmeKeyType.EC256, ["corrupt-csr.acme.test"]);
        // Cut in half: not DER any more. (A flipped signature byte is not enough: pebble does not check the CSR's signature.)
        var corrupt = request.Csr[..(request.Csr.Length / 2)];

        var result = await client.FinalizeAsync(order, corrupt, Limit);

        Assert.False(result.IsSuccess);
        Assert.Equal(AcmeProblem.ErrorPrefix + "malformed", result.Problem.Type);
        Assert.Equal(400, result.Problem.Status);
        Assert.Equal("finalize", result.Problem.Operation);
    }

    private async Task<(AcmeClient Client, AcmeOrder Order)> ReadyOrderAsync(string domain)
    {
        await using var responder = await Http01Responder.StartAsync(_pebble.HttpPort);
        var http = _pebble.CreateHttpClient();
        var key = AcmeAccountKey.CreateEs256();
        var client = await AccountAsync(http, key);
        var order = await AuthorizeAsync(client, domain, AcmeChallenge.Http01, (_, challenge) =>
            responder.Answer(challenge.Token, key.KeyAuthorization(challenge.Token)));
        return (client, order);
    }

    private async Task<AcmeClient> AccountAsync(HttpClient http, AcmeAccountKey key)
    {
        var client = new AcmeClient(http, _pebble.DirectoryUrl, key, TimeProvider.System);
        Ok(await client.CreateAccountAsync("ops@example.com"));
        return client;
    }

    private static async Task<AcmeOrder> AuthorizeAsync(AcmeClient client, string domain, string challengeType, Action<AcmeAuthorization, AcmeChallenge> answer)
    {
        var order = Ok(await client.NewOrderAsync([domain]));
        Assert.Equal("pending", order.Status);
        foreach (var url in order.Authorizations)
        {
            var authorization = Ok(await client.GetAuthorizationAsync(url));
            var challenge = authorization.Challenge(challengeType) ?? throw new Xunit.Sdk.XunitException($"pebble offered no {challengeType} for {authorization.Identifier}");
            answer(authorization, challenge);
            Assert.Equal("valid", Ok(await client.ValidateAsync(authorization, challenge, Limit)).Status);
        }

        return Ok(await client.GetOrderAsync(order.Location));
    }

    private static async Task<string> FinalizeAndDownloadAsync(AcmeClient client, AcmeOrder order, string domain, AcmeKeyType keyType)
    {
        Assert.Equal("ready", order.Status);
        using var request = AcmeCertificateRequest.Create(keyType, [domain]);
        var valid = Ok(await client.FinalizeAsync(order, request.Csr, Limit));
        return Ok(await client.DownloadCertificateAsync(valid.Certificate!));
    }

    private Task AssertIssuedAsync(string pem, string domain) => AssertIssuedAsync(pem, [domain]);

    private async Task AssertIssuedAsync(string pem, string[] domains)
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(pem);
        var leaf = chain[0];
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(domains, san.EnumerateDnsNames().Order());

        using var root = await _pebble.RootAsync();
        using var verify = new X509Chain();
        verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        verify.ChainPolicy.CustomTrustStore.Add(root);
        verify.ChainPolicy.ExtraStore.AddRange(chain);
        verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(verify.Build(leaf), string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation)));
    }

    private static T Ok<T>(AcmeResult<T> result)
    {
        Assert.True(result.IsSuccess, result.Problem?.ToString());
        return result.Value!;
    }

    /// <summary>Publishes nowhere: the CA finds nothing listening on the HTTP-01 port.</summary>
    private sealed class SilentResponder : IAcmeChallengeResponder
    {
        private int _withdrawn;

        public int Withdrawn => Volatile.Read(ref _withdrawn);

        public Task PublishAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task WithdrawAsync(AcmeChallengeAnswer answer, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _withdrawn);
            return Task.CompletedTask;
        }
    }
}
