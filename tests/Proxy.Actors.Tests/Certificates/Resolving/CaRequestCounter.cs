using System.Net;

namespace Proxy.Actors.Tests.Certificates.Resolving;

/// <summary>
/// Counts the orders a client places with the CA, to tell "ordered once" from "ordered twice": the
/// POSTs to its newOrder URL that the CA answered 201 Created. Pebble refuses 5 % of good nonces as
/// badNonce by default and the client sends the same order again, so counting requests would see one
/// order as two now and then.
/// </summary>
public sealed class CaRequestCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _newOrders;

    public int NewOrders => Volatile.Read(ref _newOrders);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.Contains("order-plz", StringComparison.Ordinal) == true
            && response.StatusCode == HttpStatusCode.Created)
        {
            Interlocked.Increment(ref _newOrders);
        }

        return response;
    }
}
