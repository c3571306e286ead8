using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// The sticky cookie's name and attributes, with Traefik's names and defaults. A missing <see cref="Name"/> is
/// derived from the service's name when the service is validated (<see cref="Services.SessionAffinity.StickyCookie.DefaultName"/>),
/// so it is alike on every node. <see cref="MaxAge"/> 0 is a session cookie, a negative one deletes the cookie.
/// </summary>
public sealed record StickyCookieConfig(
    string? Name,
    bool? Secure,
    bool? HttpOnly,
    string? SameSite,
    int? MaxAge,
    string? Path,
    string? Domain)
{
    public static StickyCookieConfig Empty { get; } = new(null, null, null, null, null, null, null);

    public static RecordSchema<StickyCookieConfig> Schema { get; } = new SchemaBuilder<StickyCookieConfig>(Empty)
        .String("name", c => c.Name, (c, v) => c with { Name = v }, check: Checks.CookieName)
        .Bool("secure", c => c.Secure, (c, v) => c with { Secure = v }, @default: false)
        .Bool("httpOnly", c => c.HttpOnly, (c, v) => c with { HttpOnly = v }, @default: false)
        .String("sameSite", c => c.SameSite, (c, v) => c with { SameSite = v }, check: Checks.OneOf(true, "none", "lax", "strict"))
        .Int("maxAge", c => c.MaxAge, (c, v) => c with { MaxAge = v }, @default: 0)
        .String("path", c => c.Path, (c, v) => c with { Path = v }, check: Checks.All(Checks.StartsWithSlash, Checks.CookieAttribute), @default: "/")
        .String("domain", c => c.Domain, (c, v) => c with { Domain = v }, check: Checks.CookieDomain)
        .Build();
}
