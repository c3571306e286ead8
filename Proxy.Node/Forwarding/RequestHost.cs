using Microsoft.AspNetCore.Http;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The Host header as the client sent it. HttpRequest.Host decodes punycode labels: it turned
/// <c>xn--bcher-kva.example</c> into <c>bücher.example</c> (matched by no Host rule, sent on in UTF-8)
/// and threw on an invalid label such as <c>xn--zz</c>, answering 500. A proxy matches and forwards
/// the name it was given, as Traefik does.
/// </summary>
internal static class RequestHost
{
    public static HostString Of(HttpRequest request) => new(request.Headers.Host.ToString());
}
