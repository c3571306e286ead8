using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>Either the node's static configuration or every reason it could not be built.</summary>
public sealed record StaticConfigResult(StaticConfig? Config, ImmutableArray<ConfigError> Errors)
{
    /// <summary>What the sources ignored (unknown <c>PROXY_*</c> variables); kept here alone, beside the configuration or its errors, and logged once when the node starts or printed after the errors.</summary>
    public ImmutableArray<ConfigWarning> Warnings { get; init; } = [];

    [MemberNotNullWhen(true, nameof(Config))]
    public bool IsValid => Config is not null;

    public static StaticConfigResult Success(StaticConfig config) => new(config, []);

    public static StaticConfigResult Failure(ImmutableArray<ConfigError> errors) => new(null, errors);

    /// <summary>
    /// The text a node prints before exiting on bad static configuration. Each message already names the
    /// option as the operator wrote it and where, so the messages are shown alone.
    /// </summary>
    public string RenderErrors() =>
        Errors.IsEmpty
            ? ""
            : $"proxy-node: {Errors.Length} static configuration error{(Errors.Length == 1 ? "" : "s")}:\n"
              // A message quotes the value as given (a flag, a PROXY_* variable, the YAML file): one line each whatever it holds.
              + string.Concat(Errors.Select(error => $"  {Observability.LogText.Escape(error.Message)}\n"))
              // Printed with the errors: a misspelt variable may be why a required value is missing.
              + string.Concat(Warnings.Select(warning => $"  warning: {Observability.LogText.Escape(warning.Message)}\n"));
}
