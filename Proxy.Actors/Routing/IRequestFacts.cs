using System.Net;

namespace Proxy.Actors.Routing;

/// <summary>
/// What a rule may look at in a request. The host adapts its own request type to this, so
/// routing knows nothing about Kestrel or ASP.NET.
/// </summary>
public interface IRequestFacts
{
    /// <summary>The request's host without port, as the client sent it (case is not normalised).</summary>
    string Host { get; }

    /// <summary>The request path, starting with <c>/</c>, not URL-decoded.</summary>
    string Path { get; }

    /// <summary>The HTTP method in upper case.</summary>
    string Method { get; }

    /// <summary>The client's address (the TCP peer), or null when unknown.</summary>
    IPAddress? ClientIp { get; }

    /// <summary>All values of a header (case-insensitive name); empty when absent.</summary>
    IReadOnlyList<string> HeaderValues(string name);

    /// <summary>All values of a query parameter (case-sensitive name); empty when absent.</summary>
    IReadOnlyList<string> QueryValues(string name);

    /// <summary>Whether the query string names this parameter at all (with or without a value).</summary>
    bool HasQuery(string name);
}
