using Proxy.Actors;
using Akka.Actor;
using Akka.Event;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Discovery.Yaml;

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

    /// <summary>
    /// A file at least this large (in characters) that is replaced by one at most a quarter of its
    /// size leaves enough garbage behind to be worth a compacting collection (<see cref="HeapCompaction"/>).
    /// </summary>
    private const int ShrinkFrom = 4 * 1024 * 1024;

    /// <summary>
    /// Time for the configuration actor, the cluster's replicated data and the routing snapshot to
    /// drop the old configuration, so that the collection finds it unreferenced.
    /// </summary>
    private static readonly TimeSpan CompactionDelay = TimeSpan.FromSeconds(10);

    private readonly string path;
    private readonly bool watch;
    private readonly IActorRef configuration;
    private readonly ILoggingAdapter log = Context.GetLogger();
    private FileSystemWatcher? watcher;

    /// <summary>
    /// What the content behind the last report was; null after a failed read, so the next read is
    /// always reported. A digest rather than the text: a large file's text would stay in memory
    /// (twice its size in UTF-16) for as long as it is the current configuration.
    /// </summary>
    private ContentDigest? lastContent;

    /// <summary>The length of the largest content read since the heap was last compacted.</summary>
    private int largestContent;

    public FileProviderActor(string path, bool watch, IActorRef configuration)
    {
        this.path = System.IO.Path.GetFullPath(path);
        this.watch = watch;
        this.configuration = configuration;

        Receive<FileTouched>(_ => Timers.StartSingleTimer(nameof(ReloadFile), ReloadFile.Instance, Debounce));
        Receive<ReloadFile>(_ => Reload());
        Receive<CompactHeap>(_ => Compact());
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
            // Read only after changes and bounded in size, so reading synchronously in the actor is fine.
            content = BoundedYaml.ReadFile(path, YamlLimits.DynamicFile);
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

        var digest = ContentDigest.Of(content);
        if (digest == lastContent)
        {
            return;
        }

        // The largest content reported since the last compaction: a file that shrinks in steps still counts.
        largestContent = Math.Max(largestContent, lastContent?.Length ?? 0);
        if (largestContent >= ShrinkFrom && content.Length <= largestContent / 4)
        {
            Timers.StartSingleTimer(nameof(CompactHeap), CompactHeap.Instance, CompactionDelay);
        }

        switch (FileConfigParser.Parse(content, path))
        {
            case FileParseResult.Parsed parsed:
                lastContent = digest;
                log.Info("Read {0}: {1} routers, {2} services, {3} middlewares, {4} errors", path,
                    parsed.Config.Routers.Count, parsed.Config.Services.Count, parsed.Config.Middlewares.Count, parsed.Errors.Length);
                configuration.Tell(new ProviderConfigurationChanged(ProviderName, parsed.Config, parsed.Errors));
                break;
            case FileParseResult.Unreadable unreadable:
                // Remembered, so that saving the same broken file again does not repeat the failure.
                lastContent = digest;
                log.Warning("Cannot parse configuration file {0}: {1}", path, unreadable.Errors[0].Message);
                configuration.Tell(new ProviderConfigurationFailed(ProviderName, unreadable.Errors));
                break;
        }
    }

    private void Compact()
    {
        var (before, after) = HeapCompaction.Run();
        largestContent = lastContent?.Length ?? 0;
        log.Info("Configuration file {0} shrank to {1} characters: compacted the heap, working set {2} MiB -> {3} MiB",
            path, largestContent, before / (1024 * 1024), after / (1024 * 1024));
    }

    /// <summary>Something changed in the watched directory.</summary>
    private sealed record FileTouched
    {
        public static FileTouched Instance { get; } = new();
    }

    /// <summary>The old, much larger configuration should be unreferenced by now: time to give its memory back.</summary>
    private sealed record CompactHeap
    {
        public static CompactHeap Instance { get; } = new();
    }
}
