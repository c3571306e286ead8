using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Traefik's <c>loadBalancer.sticky</c>: how a client is kept on one server. Only the cookie kind exists.</summary>
public sealed record StickyConfig(StickyCookieConfig? Cookie)
{
    public static StickyConfig Empty { get; } = new(Cookie: null);

    /// <remarks>
    /// <c>cookie: {}</c> and the label <c>sticky.cookie=true</c> both turn the cookie on with its defaults;
    /// <c>sticky.cookie=false</c> leaves it off.
    /// </remarks>
    public static RecordSchema<StickyConfig> Schema { get; } = new SchemaBuilder<StickyConfig>(Empty)
        .Object("cookie", c => c.Cookie, (c, v) => c with { Cookie = v }, StickyCookieConfig.Schema, nothingMeansEmpty: true, @switch: true)
        .Build();
}
