namespace Proxy.Actors.Tests.Certificates.Resolving;

/// <summary>Counts the orders a client places with the CA (POSTs to its newOrder URL), to tell "ordered once" from "ordered twice".</summary>
public sealed class CaRequestCounter(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _newOrders;

    public int NewOrders => Volatile.Read(ref _newOrders);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.Contains("order-plz", StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _newOrders);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
