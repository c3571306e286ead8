using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing.Middlewares;
using Proxy.Node.Forwarding;
using Proxy.Node.Middlewares;

namespace Proxy.Node.Tests.Middlewares;

/// <summary>Chains built by the node's factory, and requests as Kestrel hands them over (raw target kept).</summary>
internal static class Chains
{
    public static MiddlewareChain Of(params MiddlewareSnapshot[] definitions) =>
        MiddlewareChain.Build([.. definitions], new HttpMiddlewareFactory());

    /// <summary>A request whose decoded path is <paramref name="path"/> and whose target was sent as <paramref name="rawTarget"/>.</summary>
    public static HttpRequest Request(string path, string? rawTarget = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = new PathString(path);
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = rawTarget ?? path;
        return context.Request;
    }

    public static RequestRewrite Rewrite(string path, MiddlewareChain chain, string? rawTarget = null) =>
        RequestRewrite.For(Request(path, rawTarget), chain);

    public static DeclaredMiddleware Strip(params string[] prefixes) => new("strip@file", "stripPrefix") { Options = new StripPrefixConfig([.. prefixes]) };

    public static DeclaredMiddleware Add(string prefix) => new("add@file", "addPrefix") { Options = new AddPrefixConfig(prefix) };

    public static RetryMiddleware Retry() => new("retry@file", 3, TimeSpan.FromMilliseconds(100), false, Proxy.Actors.Model.Config.RetryConfig.DefaultMaxBodyBytes);

    public static DeclaredMiddleware Headers((string Name, string Value)[] request, (string Name, string Value)[]? response = null, string name = "headers@file") =>
        new(name, "headers")
        {
            Options = new HeadersConfig(
                request.ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal),
                (response ?? []).ToImmutableSortedDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal)),
        };
}
