using Proxy.Actors;
using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;

namespace Proxy.Discovery.File;

/// <summary>
/// Reads one YAML file and reports its whole configuration to the configuration actor, at start,
/// when watching after each change of the file's content, and when told to (<see cref="ReloadFile"/>).
/// </summary>
public sealed class FileProviderActor : ReceiveActor, IWithTimers
{
    public const string ProviderName = "file";

    /// <summary>Editors save in bursts (truncate, write, rename); one read after the burst is enough.</summary>
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private readonly string path;
    private readonly bool watch;
    private readonly IActorRef configuration;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private FileSystemWatcher? watcher;

    /// <summary>The content behind the last report; null after a failed read, so the next read is always reported.</summary>
    private string? lastContent;

    public FileProviderActor(string path, bool watch, IActorRef configuration)
    {
        this.path = System.IO.Path.GetFullPath(path);
        this.watch = watch;
        this.configuration = configuration;

        Receive<FileTouched>(_ => Timers.StartSingleTimer(nameof(ReloadFile), ReloadFile.Instance, Debounce));
        Receive<ReloadFile>(_ => Reload());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string path, bool watch, IActorRef configuration) =>
        ActorFactory.Props(() => new FileProviderActor(path, watch, configuration));

    protected override void PreStart()
    {
        // Watch before the first read, so that a change made while reading is not missed.
        if (watch && System.IO.Directory.Exists(System.IO.Path.GetDirectoryName(path)))
        {
            watcher = StartWatcher();
        }
        else if (watch)
        {
            // FileSystemWatcher needs the directory; the read below reports the file as missing.
            log.Warning("Cannot watch {0}: its directory does not exist", path);
        }

        Reload();
    }

    protected override void PostStop() => watcher?.Dispose();

    private FileSystemWatcher StartWatcher()
    {
        // Every event in the directory leads to a (debounced) read, not only those naming our file:
        // Kubernetes ConfigMaps swap a symlinked directory, and the event never names the file.
        // Comparing contents keeps unrelated events from producing reports.
        var self = Self;
        var directory = System.IO.Path.GetDirectoryName(path)!;
        var fileWatcher = new FileSystemWatcher(directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
        };

        // These callbacks run on thread-pool threads: they only send a message, touching no actor state.
        FileSystemEventHandler touched = (_, _) => self.Tell(FileTouched.Instance);
        fileWatcher.Changed += touched;
        fileWatcher.Created += touched;
        fileWatcher.Deleted += touched;
        fileWatcher.Renamed += (_, _) => self.Tell(FileTouched.Instance);

        // After an overflow events were lost; reading once more is the recovery.
        fileWatcher.Error += (_, _) => self.Tell(FileTouched.Instance);
        fileWatcher.EnableRaisingEvents = true;
        return fileWatcher;
    }

    private void Reload()
    {
        string content;
        try
        {
            // The file is small and read only after changes, so reading synchronously in the actor is fine.
            content = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            lastContent = null;
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            log.Warning("Cannot read configuration file {0}: {1}", path, reason);
            configuration.Tell(new ProviderConfigurationFailed(
                ProviderName,
                [new ConfigError($"file:{path}", "", $"cannot read {path}: {reason}")]));
            return;
        }

        if (content == lastContent)
        {
            return;
        }

        switch (FileConfigParser.Parse(content, path))
        {
            case FileParseResult.Parsed parsed:
                lastContent = content;
                log.Info("Read {0}: {1} routers, {2} services, {3} middlewares, {4} errors", path,
                    parsed.Config.Routers.Count, parsed.Config.Services.Count, parsed.Config.Middlewares.Count, parsed.Errors.Length);
                configuration.Tell(new ProviderConfigurationChanged(ProviderName, parsed.Config, parsed.Errors));
                break;
            case FileParseResult.Unreadable unreadable:
                // Remembered, so that saving the same broken file again does not repeat the failure.
                lastContent = content;
                log.Warning("Cannot parse configuration file {0}: {1}", path, unreadable.Errors[0].Message);
                configuration.Tell(new ProviderConfigurationFailed(ProviderName, unreadable.Errors));
                break;
        }
    }

    /// <summary>Something changed in the watched directory.</summary>
    private sealed record FileTouched
    {
        public static FileTouched Instance { get; } = new();
    }
}
