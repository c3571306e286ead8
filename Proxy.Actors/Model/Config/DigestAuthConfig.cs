using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's digestAuth: RFC 7616 digest access authentication with MD5 and qop=auth, against htdigest lines
/// (<c>user:realm:HA1</c>) of <see cref="Users"/> and <see cref="UsersFile"/>; a line serves only in its realm.
/// </summary>
public sealed record DigestAuthConfig(
    ImmutableArray<string> Users,
    string? UsersFile,
    string? Realm,
    string? HeaderField,
    bool? RemoveHeader) : IMiddlewareConfig, IHoldsSecrets
{
    public static DigestAuthConfig Empty { get; } = new([], null, null, null, null);

    public static RecordSchema<DigestAuthConfig> Schema { get; } = new SchemaBuilder<DigestAuthConfig>(Empty)
        .StringList("users", c => c.Users, (c, v) => c with { Users = v }, check: AuthChecks.DigestLines)
        .String("usersFile", c => c.UsersFile, (c, v) => c with { UsersFile = v }, check: AuthChecks.DigestFile)
        .String("realm", c => c.Realm, (c, v) => c with { Realm = v }, check: AuthChecks.Realm, @default: "traefik")
        .String("headerField", c => c.HeaderField, (c, v) => c with { HeaderField = v }, check: AuthChecks.HeaderName)
        .Bool("removeHeader", c => c.RemoveHeader, (c, v) => c with { RemoveHeader = v }, @default: false)
        .RequireOneOf("needs users or usersFile (htdigest lines user:realm:HA1)", "users", "usersFile")
        .Build();

    /// <summary>User and realm without the HA1, which is as good as the password.</summary>
    public IMiddlewareConfig WithoutSecrets() =>
        this with { Users = Users.IsDefault ? Users : [.. Users.Select(line => line.LastIndexOf(':') is > 0 and var colon ? line[..colon] + ":[redacted]" : "[redacted]")] };
}
