using System.Runtime.InteropServices;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Proxy.Discovery.File;
using Proxy.Node.Observability;

namespace Proxy.Node.Hosting;

/// <summary>
/// The signals an operator sends a running node without stopping it, as nginx and Traefik take
/// them: SIGHUP re-reads the file provider's file, SIGUSR1 reopens the access log file (logrotate's
/// postrotate). Without a handler either signal's default action killed the process on the spot,
/// cutting every transfer in flight. Neither touches a request: the file is re-read by its actor
/// and the log reopened by its writer loop between batches.
/// </summary>
public sealed partial class ReloadSignals(IActorRef? fileProvider, AccessLogWriter? accessLog, ILogger<ReloadSignals> log)
{
    /// <summary>
    /// SIGUSR1's number: .NET's <see cref="PosixSignal"/> does not name it, and
    /// <see cref="PosixSignalRegistration"/> takes raw numbers cast to it. 10 on Linux, 30 on the BSDs and macOS.
    /// </summary>
    public static PosixSignal User1 { get; } = (PosixSignal)(OperatingSystem.IsLinux() ? 10 : 30);

    /// <summary>SIGHUP: read the file provider's file again now.</summary>
    public void Hangup()
    {
        if (fileProvider is null)
        {
            LogHangupIgnored(log);
            return;
        }

        LogHangup(log);
        fileProvider.Tell(ReloadFile.Instance);
    }

    /// <summary>SIGUSR1: reopen the access log file at its configured path.</summary>
    public void ReopenAccessLog()
    {
        if (accessLog?.FilePath is null)
        {
            LogUser1Ignored(log);
            return;
        }

        accessLog.Reopen();
    }

    /// <summary>
    /// Installs the handlers until the returned value is disposed. They act for the whole process,
    /// so only the process's own entry point (<see cref="NodeHost.RunAsync"/>) installs them, for
    /// its whole life: a signal during the stop must not kill the process either.
    /// </summary>
    public IDisposable Register()
    {
        var registrations = new List<PosixSignalRegistration>
        {
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, Handle(Hangup)),
        };
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
        {
            registrations.Add(PosixSignalRegistration.Create(User1, Handle(ReopenAccessLog)));
        }

        return new Registrations(registrations);
    }

    private static Action<PosixSignalContext> Handle(Action action) => context =>
    {
        // Cancel the default action, which for both signals is to end the process.
        context.Cancel = true;
        action();
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP: re-reading the file provider's file")]
    private static partial void LogHangup(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGHUP ignored: no file provider is configured (--providers.file.filename)")]
    private static partial void LogHangupIgnored(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "SIGUSR1 ignored: the access log is not written to a file (--accesslog.filepath)")]
    private static partial void LogUser1Ignored(ILogger logger);

    private sealed class Registrations(List<PosixSignalRegistration> registrations) : IDisposable
    {
        public void Dispose() => registrations.ForEach(r => r.Dispose());
    }
}
