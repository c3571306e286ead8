using System.Net;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Routing;

namespace Proxy.Node.Forwarding;

/// <summary>Shows an ASP.NET request to the rule matchers, which know nothing of ASP.NET.</summary>
internal sealed class HttpRequestFacts(HttpRequest request) : IRequestFacts
{
    public string Host => RequestHost.Of(request).Host;

    public string Path => request.Path.HasValue ? request.Path.Value! : "/";

    public string Method => request.Method;

    public IPAddress? ClientIp => ClientAddress.Of(request.HttpContext);

    public IReadOnlyList<string> HeaderValues(string name) =>
        request.Headers.TryGetValue(name, out var values) ? (IReadOnlyList<string>)values.ToArray()! : [];

    public IReadOnlyList<string> QueryValues(string name) =>
        request.Query.TryGetValue(name, out var values) ? (IReadOnlyList<string>)values.ToArray()! : [];

    public bool HasQuery(string name) => request.Query.ContainsKey(name);
}
