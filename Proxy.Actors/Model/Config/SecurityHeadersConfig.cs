using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// The security part of Traefik's <c>headers</c>, written at the headers' level (<c>headers.stsSeconds</c>):
/// response headers (HSTS on HTTPS requests unless forced, frame options, nosniff, XSS filter, CSP, referrer
/// and permissions policies) and the allowed-hosts check.
/// </summary>
public sealed record SecurityHeadersConfig(
    ImmutableArray<string> AllowedHosts,
    ImmutableArray<string> HostsProxyHeaders,
    ImmutableSortedDictionary<string, string> SslProxyHeaders,
    long? StsSeconds,
    bool? StsIncludeSubdomains,
    bool? StsPreload,
    bool? ForceSTSHeader,
    bool? FrameDeny,
    string? CustomFrameOptionsValue,
    bool? ContentTypeNosniff,
    bool? BrowserXssFilter,
    string? CustomBrowserXSSValue,
    string? ContentSecurityPolicy,
    string? ContentSecurityPolicyReportOnly,
    string? PublicKey,
    string? ReferrerPolicy,
    string? PermissionsPolicy,
    bool? IsDevelopment)
{
    // Declared before Schema: static properties are set in the order they are written.
    private static ValueCheck<string> HeaderValue { get; } = value =>
        value.Any(c => c is '\r' or '\n') ? [FieldProblem.Of("a header value must not contain line breaks")] : [];

    private static ValueCheck<string> HeaderName { get; } = value =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))
            ? []
            : [FieldProblem.Of($"'{value}' is not a valid header name")];

    public static SecurityHeadersConfig Empty { get; } = new(
        [], [], ImmutableSortedDictionary<string, string>.Empty, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public static RecordSchema<SecurityHeadersConfig> Schema { get; } = new SchemaBuilder<SecurityHeadersConfig>(Empty)
        .StringList("allowedHosts", c => c.AllowedHosts, (c, v) => c with { AllowedHosts = v }, check: Checks.EachItem(HeaderValue))
        .StringList("hostsProxyHeaders", c => c.HostsProxyHeaders, (c, v) => c with { HostsProxyHeaders = v }, check: Checks.EachItem(HeaderName))
        .StringMap("sslProxyHeaders", c => c.SslProxyHeaders, (c, v) => c with { SslProxyHeaders = v }, check: Checks.HeaderNames)
        .Long("stsSeconds", c => c.StsSeconds, (c, v) => c with { StsSeconds = v }, check: Checks.NotNegativeLong, @default: 0)
        .Bool("stsIncludeSubdomains", c => c.StsIncludeSubdomains, (c, v) => c with { StsIncludeSubdomains = v }, @default: false)
        .Bool("stsPreload", c => c.StsPreload, (c, v) => c with { StsPreload = v }, @default: false)
        .Bool("forceSTSHeader", c => c.ForceSTSHeader, (c, v) => c with { ForceSTSHeader = v }, @default: false)
        .Bool("frameDeny", c => c.FrameDeny, (c, v) => c with { FrameDeny = v }, @default: false)
        .String("customFrameOptionsValue", c => c.CustomFrameOptionsValue, (c, v) => c with { CustomFrameOptionsValue = v }, check: HeaderValue)
        .Bool("contentTypeNosniff", c => c.ContentTypeNosniff, (c, v) => c with { ContentTypeNosniff = v }, @default: false)
        .Bool("browserXssFilter", c => c.BrowserXssFilter, (c, v) => c with { BrowserXssFilter = v }, @default: false)
        .String("customBrowserXSSValue", c => c.CustomBrowserXSSValue, (c, v) => c with { CustomBrowserXSSValue = v }, check: HeaderValue)
        .String("contentSecurityPolicy", c => c.ContentSecurityPolicy, (c, v) => c with { ContentSecurityPolicy = v }, check: HeaderValue)
        .String("contentSecurityPolicyReportOnly", c => c.ContentSecurityPolicyReportOnly, (c, v) => c with { ContentSecurityPolicyReportOnly = v }, check: HeaderValue)
        .String("publicKey", c => c.PublicKey, (c, v) => c with { PublicKey = v }, check: HeaderValue)
        .String("referrerPolicy", c => c.ReferrerPolicy, (c, v) => c with { ReferrerPolicy = v }, check: HeaderValue)
        .String("permissionsPolicy", c => c.PermissionsPolicy, (c, v) => c with { PermissionsPolicy = v }, check: HeaderValue)
        .Bool("isDevelopment", c => c.IsDevelopment, (c, v) => c with { IsDevelopment = v }, @default: false)
        .Build();

    /// <summary>The fields' names, for the headers record that writes them at its level.</summary>
    internal static string[] Names => [.. Schema.UserFields.Select(f => f.Name)];
}
