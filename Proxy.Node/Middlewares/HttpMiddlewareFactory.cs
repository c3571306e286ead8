using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>
/// The one place that knows which handler class runs which middleware type. Router actors call it
/// when their chain is built, never per request.
/// </summary>
public sealed class HttpMiddlewareFactory : IMiddlewareHandlerFactory
{
    public IMiddlewareHandler Create(MiddlewareSnapshot definition) => definition switch
    {
        RetryMiddleware retry => new RetryHandler(retry),
        { Options: StripPrefixConfig strip } => new StripPrefixHandler(definition, strip),
        { Options: AddPrefixConfig add } => new AddPrefixHandler(definition, add),
        { Options: HeadersConfig headers } => new HeadersHandler(definition, headers),
        { Options: RedirectSchemeConfig redirect } => new RedirectSchemeHandler(definition, redirect),
        { Options: CompressConfig compress } => new Compress.CompressHandler(definition, compress),
        { Options: ContentTypeConfig contentType } => new ContentType.ContentTypeHandler(definition, contentType),
        { Options: RedirectRegexConfig redirect } => new RedirectRegexHandler(definition, redirect),
        { Options: ReplacePathConfig replace } => new ReplacePathHandler(definition, replace),
        { Options: ReplacePathRegexConfig replace } => new ReplacePathRegexHandler(definition, replace),
        { Options: StripPrefixRegexConfig strip } => new StripPrefixRegexHandler(definition, strip),
        _ => throw new NotSupportedException(
            $"middleware '{definition.Name}' has type '{definition.Type}', for which this node has no handler"),
    };
}
