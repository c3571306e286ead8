using System.Collections.Concurrent;
using System.Diagnostics;
using Proxy.Actors.RateLimiting;

namespace Proxy.Actors.Tests.RateLimiting;

/// <summary>
/// Offers about <see cref="OfferedPerNode"/> requests a second to each node's key for a while, from a few
/// workers per node, and counts what is admitted, by node and by second, with the time each decision took.
/// Bounded in time; the workers pause between requests so that two shared cores keep up.
/// </summary>
public sealed class LoadRun
{
    public const int OfferedPerNode = 120;
    private const int WorkersPerNode = 4;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int[] _perNode;
    private readonly ConcurrentDictionary<int, int> _perSecond = new();
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private int _offered;

    public LoadRun(IReadOnlyList<ClusterRateKey> keys, TimeSpan duration)
    {
        _perNode = new int[keys.Count];
        Task = RunAsync(keys, duration);
    }

    public Task<LoadRun> Task { get; }

    public TimeSpan Elapsed => _clock.Elapsed;

    public int Offered => _offered;

    public int Admitted => _perNode.Sum();

    public IReadOnlyList<int> PerNode => _perNode;

    /// <summary>Admitted in each whole second of the run.</summary>
    public IReadOnlyList<int> PerSecond => [.. Enumerable.Range(0, _perSecond.Keys.DefaultIfEmpty(0).Max() + 1).Select(s => _perSecond.GetValueOrDefault(s))];

    public double Percentile(double q)
    {
        var sorted = _latenciesMs.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, q * sorted.Count)];
    }

    public System.Runtime.CompilerServices.TaskAwaiter<LoadRun> GetAwaiter() => Task.GetAwaiter();

    private async Task<LoadRun> RunAsync(IReadOnlyList<ClusterRateKey> keys, TimeSpan duration)
    {
        var pause = TimeSpan.FromSeconds(WorkersPerNode / (double)OfferedPerNode);
        var workers = keys.SelectMany((key, node) => Enumerable.Range(0, WorkersPerNode).Select(_ => WorkAsync(key, node, pause, duration)));
        await System.Threading.Tasks.Task.WhenAll(workers);
        return this;
    }

    private async Task WorkAsync(ClusterRateKey key, int node, TimeSpan pause, TimeSpan duration)
    {
        await System.Threading.Tasks.Task.Yield();
        while (_clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            var decision = await key.TakeAsync();
            _latenciesMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Interlocked.Increment(ref _offered);
            if (decision.Admitted && _clock.Elapsed < duration)
            {
                Interlocked.Increment(ref _perNode[node]);
                _perSecond.AddOrUpdate((int)_clock.Elapsed.TotalSeconds, 1, static (_, n) => n + 1);
            }

            await System.Threading.Tasks.Task.Delay(pause);
        }
    }
}
