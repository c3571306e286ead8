using Microsoft.Extensions.Logging;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Views;

namespace Proxy.Actors.Configuration;

/// <summary>
/// The configuration's errors as the log shows them: each at the level of the status the API shows
/// for the object that carries it. An object that still serves (<see cref="ObjectStatus.Warning"/>: a
/// router whose TLS options no host selects, a last good definition kept, a provider that could not
/// be read) logs a warning; one that does not serve logs an error. The API and the log then agree.
/// </summary>
internal static partial class ConfigurationErrorLog
{
    /// <summary>Every error of <paramref name="view"/>, with the status of the object it is shown on.</summary>
    public static IEnumerable<(ConfigError Error, ObjectStatus Status)> Entries(ConfigurationView view) =>
        view.Providers.Values.SelectMany(p => p.Errors.Select(e => (e, p.Status)))
            .Concat(view.Routers.Values.SelectMany(r => r.Errors.Select(e => (e, r.Status))))
            .Concat(view.Services.Values.SelectMany(s => s.Errors.Select(e => (e, s.Status))))
            .Concat(view.Middlewares.Values.SelectMany(m => m.Errors.Select(e => (e, m.Status))));

    public static void Write(ILogger logger, ConfigError error, ObjectStatus status)
    {
        if (status == ObjectStatus.Warning)
        {
            ConfigurationWarning(logger, error.ToString());
        }
        else
        {
            ConfigurationError(logger, error.ToString());
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Configuration warning: {Error}")]
    private static partial void ConfigurationWarning(ILogger logger, string error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Configuration error: {Error}")]
    private static partial void ConfigurationError(ILogger logger, string error);
}
