using Proxy.Actors.Certificates.Acme;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Acme;

public sealed class AcmeClientBadNonceTests : IClassFixture<NonceRejectingPebbleServer>
{
    private readonly NonceRejectingPebbleServer _pebble;

    public AcmeClientBadNonceTests(NonceRejectingPebbleServer pebble) => _pebble = pebble;

    /// <summary>
    /// Eight signed requests at a 30 % refusal rate: without the retry all eight pass in about 6 % of
    /// runs; with five retries a request fails in 0.07 % (0.3^6).
    /// </summary>
    [PebbleFact]
    public async Task SignedRequests_CaRefusesNoncesAtRandom_RetriedWithTheFreshNonce()
    {
        using var http = _pebble.CreateHttpClient();
        using var key = AcmeAccountKey.CreateEs256();
        var client = new AcmeClient(http, _pebble.DirectoryUrl, key, TimeProvider.System);

        var account = await client.CreateAccountAsync(null);
        Assert.True(account.IsSuccess, account.Problem?.ToString());
        for (var i = 0; i < 7; i++)
        {
            var order = await client.NewOrderAsync([$"nonce{i}.acme.test"]);
            Assert.True(order.IsSuccess, order.Problem?.ToString());
        }
    }
}
