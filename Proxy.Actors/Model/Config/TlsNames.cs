using System.Collections.Immutable;
using System.Net.Security;
using System.Security.Authentication;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// The words Traefik's TLS configuration uses (Go's <c>crypto/tls</c> names) and what they are in .NET,
/// with the checks the TLS fields declare. The TLS listener reads the parsed values from here.
/// </summary>
public static class TlsNames
{
    public const string DefaultMinVersion = "VersionTLS12";

    public const string NoClientCert = "NoClientCert";

    /// <summary>The options a router without <c>tls.options</c> uses; it exists even when no provider declares it.</summary>
    public const string DefaultOptions = "default";

    public static ImmutableArray<string> DefaultAlpnProtocols { get; } = ["h2", "http/1.1"];

    /// <summary>Traefik's client authentication types, weakest first.</summary>
    public static ImmutableArray<string> ClientAuthTypes { get; } =
        [NoClientCert, "RequestClientCert", "RequireAnyClientCert", "VerifyClientCertIfGiven", "RequireAndVerifyClientCert"];

    /// <summary>The types that check a client certificate against <c>caFiles</c>.</summary>
    public static ImmutableArray<string> VerifyingClientAuthTypes { get; } = ["VerifyClientCertIfGiven", "RequireAndVerifyClientCert"];

    /// <summary>Traefik's version names, oldest first (the order <see cref="VersionRank"/> compares by).</summary>
    public static ImmutableArray<string> Versions { get; } = ["VersionTLS10", "VersionTLS11", "VersionTLS12", "VersionTLS13"];

    /// <summary>Go's short names for two suites whose IANA names end in <c>_SHA256</c>.</summary>
    private static readonly ImmutableDictionary<string, TlsCipherSuite> GoAliases = new Dictionary<string, TlsCipherSuite>
    {
        ["TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"] = TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ["TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"] = TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static ValueCheck<string> VersionCheck { get; } = value => Protocol(value) is null
        ? [FieldProblem.Of($"'{value}' is not a TLS version (use {string.Join(", ", Versions)})")]
        : [];

    public static ValueCheck<string> CipherSuiteCheck { get; } = value => CipherSuite(value) is null
        ? [FieldProblem.Of($"'{value}' is not a cipher suite name (use Go's names, e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)")]
        : [];

    public static ValueCheck<string> NotBlank { get; } = value => string.IsNullOrWhiteSpace(value)
        ? [FieldProblem.Of("must not be empty")]
        : [];

    /// <summary>A DNS name, or one with a leading <c>*.</c> (a wildcard covers one label).</summary>
    public static ValueCheck<string> DomainCheck { get; } = value => IsDomain(value)
        ? []
        : [FieldProblem.Of($"'{value}' is not a domain name (letters, digits and '-' between dots, optionally starting with '*.')")];

    /// <summary>The .NET protocol for a Traefik version name, exactly as Traefik writes it; null when it is none.</summary>
    public static SslProtocols? Protocol(string name) => name switch
    {
#pragma warning disable SYSLIB0039 // TLS 1.0 and 1.1 are obsolete, and still names Traefik accepts: an operator may ask for them.
        "VersionTLS10" => SslProtocols.Tls,
        "VersionTLS11" => SslProtocols.Tls11,
#pragma warning restore SYSLIB0039
        "VersionTLS12" => SslProtocols.Tls12,
        "VersionTLS13" => SslProtocols.Tls13,
        _ => null,
    };

    /// <summary>The position of a version name in <see cref="Versions"/>, -1 when it is none.</summary>
    public static int VersionRank(string name) => Versions.IndexOf(name);

    /// <summary>A cipher suite by Go's (IANA's) name, exact case; null when there is none of that name.</summary>
    public static TlsCipherSuite? CipherSuite(string name) =>
        GoAliases.TryGetValue(name, out var alias) ? alias
        : name.StartsWith("TLS_", StringComparison.Ordinal) && Enum.TryParse<TlsCipherSuite>(name, ignoreCase: false, out var suite)
            && Enum.IsDefined(suite) ? suite
        : null;

    private static bool IsDomain(string value)
    {
        var name = value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : value;
        if (name.Length is 0 or > 253)
        {
            return false;
        }

        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }
}
