using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Proxy.Node.Forwarding;

/// <summary>Whether a request comes with a body, as the server that parsed it knows.</summary>
internal static class RequestBodies
{
    /// <summary>
    /// Kestrel's own answer (<see cref="IHttpRequestBodyDetectionFeature"/>): an HTTP/1.1 request with a Content-Length
    /// over 0 or chunked, an HTTP/2 or HTTP/3 request whose headers did not end the stream. The headers cannot tell:
    /// HTTP/2 has no Transfer-Encoding, so a body of unknown length there shows neither. An extended CONNECT
    /// (a WebSocket over HTTP/2) is a stream both ways that starts once it is answered, not a body to read ahead.
    /// Without the feature (a server other than Kestrel), HTTP/1.1's headers.
    /// </summary>
    public static bool MayHave(HttpRequest request)
    {
        var features = request.HttpContext.Features;
        if (features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true)
        {
            return false;
        }

        return features.Get<IHttpRequestBodyDetectionFeature>() is { } detection
            ? detection.CanHaveBody
            : request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
    }
}
