using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Proxy.Actors.Model;
using Proxy.Actors.Services.SessionAffinity;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Sticky sessions on the request path: the server a client's cookie pins it to, and the cookie each attempt's
/// response carries. Only a service with a sticky cookie comes here, so others never read the Cookie header.
/// </summary>
internal static class StickySession
{
    /// <summary>The pinned server, when the client's first cookie of the service's name names one that may take the request.</summary>
    public static ServerSnapshot? Pinned(StickyServers sticky, HttpRequest request)
    {
        // HTTP/2 may send each cookie as its own header line: the first line with the cookie decides.
        foreach (var line in request.Headers.Cookie)
        {
            if (sticky.Pinned(line, out var found) is { } server)
            {
                return server;
            }

            if (found)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Before an attempt on <paramref name="server"/>: its cookie goes on the response unless the client's cookie
    /// already names it. The backend's own cookies are added next to it, since YARP appends response headers.
    /// </summary>
    /// <returns>The <c>Set-Cookie</c> value added, which <see cref="Unstamp"/> takes back if the attempt fails.</returns>
    public static string? Stamp(HttpResponse response, StickyServers sticky, ServerSnapshot server, ServerSnapshot? pinned)
    {
        if ((pinned is null || !string.Equals(pinned.Url, server.Url, StringComparison.Ordinal))
            && sticky.Cookie.SetCookieFor(server.Url) is { } cookie)
        {
            response.Headers.Append(HeaderNames.SetCookie, cookie);
            return cookie;
        }

        return null;
    }

    /// <summary>
    /// Before an attempt: the cookies of the sticky weighted services that chose the load balancer (those the client's
    /// cookies did not already name), before the server's own, as each attempt starts from a response a retry cleared.
    /// </summary>
    public static void StampWeighted(HttpResponse response, List<string>? weightedCookies)
    {
        if (weightedCookies is null)
        {
            return;
        }

        foreach (var cookie in weightedCookies)
        {
            response.Headers.Append(HeaderNames.SetCookie, cookie);
        }
    }

    /// <summary>
    /// After a failed attempt whose response has not started: the weighted services' cookies go with the server's, so
    /// that an error page never pins the client to the child that failed it; the next attempt stamps them again.
    /// </summary>
    public static void UnstampWeighted(HttpResponse response, List<string>? weightedCookies)
    {
        if (weightedCookies is null)
        {
            return;
        }

        foreach (var cookie in weightedCookies)
        {
            Unstamp(response, cookie);
        }
    }

    /// <summary>
    /// After a failed attempt whose response has not started: the cookie naming the failed server goes, so that an
    /// error page or the next server's answer never pins the client to it. Only that value goes: a cookie something
    /// else put on the response before the forward is not the failed server's to take.
    /// </summary>
    public static void Unstamp(HttpResponse response, string? stamped)
    {
        if (stamped is null || response.HasStarted)
        {
            return;
        }

        var cookies = response.Headers.SetCookie;
        for (var i = 0; i < cookies.Count; i++)
        {
            if (string.Equals(cookies[i], stamped, StringComparison.Ordinal))
            {
                response.Headers.SetCookie = new StringValues([.. cookies.Take(i), .. cookies.Skip(i + 1)]);
                return;
            }
        }
    }
}
