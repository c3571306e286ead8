using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's basicAuth: a request goes on only with the password of one of <see cref="Users"/> (htpasswd lines)
/// or of the lines of <see cref="UsersFile"/>; any other gets 401 with a Basic challenge for <see cref="Realm"/>.
/// </summary>
public sealed record BasicAuthConfig(
    ImmutableArray<string> Users,
    string? UsersFile,
    string? Realm,
    string? HeaderField,
    bool? RemoveHeader) : IMiddlewareConfig, IHoldsSecrets
{
    public static BasicAuthConfig Empty { get; } = new([], null, null, null, null);

    public static RecordSchema<BasicAuthConfig> Schema { get; } = new SchemaBuilder<BasicAuthConfig>(Empty)
        .StringList("users", c => c.Users, (c, v) => c with { Users = v }, check: AuthChecks.HtpasswdLines)
        .String("usersFile", c => c.UsersFile, (c, v) => c with { UsersFile = v }, check: AuthChecks.HtpasswdFile)
        .String("realm", c => c.Realm, (c, v) => c with { Realm = v }, check: AuthChecks.Realm, @default: "traefik")
        .String("headerField", c => c.HeaderField, (c, v) => c with { HeaderField = v }, check: AuthChecks.HeaderName)
        .Bool("removeHeader", c => c.RemoveHeader, (c, v) => c with { RemoveHeader = v }, @default: false)
        .RequireOneOf("needs users or usersFile (htpasswd lines: htpasswd -nB user)", "users", "usersFile")
        .Build();

    /// <summary>The user names without their hashes; a line with no user name shows nothing of itself.</summary>
    public IMiddlewareConfig WithoutSecrets() =>
        this with { Users = Users.IsDefault ? Users : [.. Users.Select(line => line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? line[..colon] + ":[redacted]" : "[redacted]")] };
}
