using System.Net.Http.Headers;

namespace Proxy.Node.Forwarding;

/// <summary>
/// HttpHeaders.Remove throws "Misused header name" for a name of the other collection (Content-Type
/// on a request's headers, Authorization on its content's). Names that a client or a headers
/// middleware chooses reach both collections, so they are looked up without that check first.
/// </summary>
internal static class HeaderRemoval
{
    public static void Remove(HttpHeaders headers, string name)
    {
        if (headers.NonValidated.Contains(name))
        {
            headers.Remove(name);
        }
    }
}
