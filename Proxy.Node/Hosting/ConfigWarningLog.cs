using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>Logs the static configuration's warnings when the node starts: once each, as the configuration is read once.</summary>
internal static partial class ConfigWarningLog
{
    public static void LogAll(ILogger logger, IEnumerable<ConfigWarning> warnings)
    {
        foreach (var warning in warnings)
        {
            Ignored(logger, Observability.LogText.Escape(warning.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Static configuration: {Warning}")]
    private static partial void Ignored(ILogger logger, string warning);
}
