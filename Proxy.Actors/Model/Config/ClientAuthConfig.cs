using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;

namespace Proxy.Actors.Model.Config;

/// <summary>Whether a TLS client must show a certificate, and which CAs (PEM files) it must chain to.</summary>
public sealed record ClientAuthConfig(ImmutableArray<string> CaFiles, string? ClientAuthType)
{
    public static ClientAuthConfig Empty { get; } = new([], null);

    /// <remarks>A type that verifies certificates with no <c>caFiles</c> is reported by the TLS validator, which sees both fields.</remarks>
    public static RecordSchema<ClientAuthConfig> Schema { get; } = new SchemaBuilder<ClientAuthConfig>(Empty)
        .StringList("caFiles", c => c.CaFiles, (c, v) => c with { CaFiles = v }, check: Checks.EachItem(TlsNames.NotBlank))
        .String(
            "clientAuthType", c => c.ClientAuthType, (c, v) => c with { ClientAuthType = v },
            check: Checks.OneOf(ignoreCase: false, [.. TlsNames.ClientAuthTypes]), @default: TlsNames.NoClientCert)
        .Build();
}
