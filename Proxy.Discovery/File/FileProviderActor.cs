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

    private readonly string _path;
    private readonly bool _watch;
    private readonly IActorRef _configuration;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private FileSystemWatcher? _watcher;

    /// <summary>
    /// What the content behind the last report was; null after a failed read, so the next read is
    /// always reported. A digest rather than the text: a large file's text would stay in memory
    /// (twice its size in UTF-16) for as long as it is the current configuration.
    /// </summary>
    private ContentDigest? _lastContent;

    /// <summary>The length of the largest content read since the heap was last compacted.</summary>
    private int _largestContent;

    public FileProviderActor(string path, bool watch, IActorRef configuration)
    {
        _path = System.IO.Path.GetFullPath(path);
        _watch = watch;
        _configuration = configuration;

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
        if (_watch && System.IO.Directory.Exists(System.IO.Path.GetDirectoryName(_path)))
        {
            _watcher = StartWatcher();
        }
        else if (_watch)
        {
            // FileSystemWatcher needs the directory; the read below reports the file as missing.
            _log.Warning("Cannot watch {0}: its directory does not exist", _path);
        }

        Reload();
    }

    protected override void PostStop() => _watcher?.Dispose();

    private FileSystemWatcher StartWatcher()
    {
        // Every event in the directory leads to a (debounced) read, not only those naming our file:
        // Kubernetes ConfigMaps swap a symlinked directory, and the event never names the file.
        // Comparing contents keeps unrelated events from producing reports.
        var self = Self;
        var directory = System.IO.Path.GetDirectoryName(_path)!;
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
            content = BoundedYaml.ReadFile(_path, YamlLimits.DynamicFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _lastContent = null;
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message;
            _log.Warning("Cannot read configuration file {0}: {1}", _path, reason);
            _configuration.Tell(new ProviderConfigurationFailed(
                ProviderName,
                [new ConfigError($"file:{_path}", "", $"cannot read {_path}: {reason}")]));
            return;
        }

        var digest = ContentDigest.Of(content);
        if (digest == _lastContent)
        {
            return;
        }

        // The largest content reported since the last compaction: a file that shrinks in steps still counts.
        _largestContent = Math.Max(_largestContent, _lastContent?.Length ?? 0);
        if (_largestContent >= ShrinkFrom && content.Length <= _largestContent / 4)
        {
            Timers.StartSingleTimer(nameof(CompactHeap), CompactHeap.Instance, CompactionDelay);
        }

        switch (FileConfigParser.Parse(content, _path))
        {
            case FileParseResult.Parsed parsed:
                _lastContent = digest;
                _log.Info("Read {0}: {1} routers, {2} services, {3} middlewares, {4} errors", _path,
                    parsed.Config.Routers.Count, parsed.Config.Services.Count, parsed.Config.Middlewares.Count, parsed.Errors.Length);
                _configuration.Tell(new ProviderConfigurationChanged(ProviderName, parsed.Config, parsed.Errors));
                break;
            case FileParseResult.Unreadable unreadable:
                // Remembered, so that saving the same broken file again does not repeat the failure.
                _lastContent = digest;
                _log.Warning("Cannot parse configuration file {0}: {1}", _path, unreadable.Errors[0].Message);
                _configuration.Tell(new ProviderConfigurationFailed(ProviderName, unreadable.Errors));
                break;
        }
    }

    private void Compact()
    {
        var (before, after) = HeapCompaction.Run();
        _largestContent = _lastContent?.Length ?? 0;
        _log.Info("Configuration file {0} shrank to {1} characters: compacted the heap, working set {2} MiB -> {3} MiB",
            _path, _largestContent, before / (1024 * 1024), after / (1024 * 1024));
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
