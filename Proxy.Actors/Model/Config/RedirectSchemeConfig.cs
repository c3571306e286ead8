using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// Traefik's redirectScheme: sends the client to the same host and path on <see cref="Scheme"/>, on
/// <see cref="Port"/> or the scheme's own port when none is given.
/// </summary>
public sealed record RedirectSchemeConfig(string? Scheme, string? Port, bool? Permanent) : IMiddlewareConfig
{
    // Declared before Schema: static fields are set in the order they are written.
    // RFC 3986's scheme: a letter, then letters, digits, '+', '-', '.'; it goes into a Location header.
    private static ValueCheck<string> SchemeName { get; } = value =>
        value.Length is > 0 and <= 32 && char.IsAsciiLetter(value[0]) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            ? []
            : [FieldProblem.Of($"'{value}' is not a URL scheme (e.g. https)")];

    private static ValueCheck<string> PortNumber { get; } = value =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? []
            : [FieldProblem.Of($"'{value}' is not a port (1-65535)")];

    public static RedirectSchemeConfig Empty { get; } = new(null, null, null);

    public static RecordSchema<RedirectSchemeConfig> Schema { get; } = new SchemaBuilder<RedirectSchemeConfig>(Empty)
        .String("scheme", c => c.Scheme, (c, v) => c with { Scheme = v }, required: "is required (the scheme to redirect to, e.g. https)", check: SchemeName)
        .String("port", c => c.Port, (c, v) => c with { Port = v }, check: PortNumber)
        .Bool("permanent", c => c.Permanent, (c, v) => c with { Permanent = v }, @default: false)
        .Build();
}
