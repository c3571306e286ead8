using System.Collections.Concurrent;
using System.Diagnostics;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A bounded load: at most <c>total</c> requests from <c>concurrency</c> clients, and never longer
/// than <c>maxDuration</c>. Counts outcomes by status and by the backend that answered.
/// </summary>
public sealed class LoadRun
{
    private readonly ConcurrentDictionary<int, int> _statuses = new();
    private readonly ConcurrentDictionary<string, int> _backends = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, int> _headerValues = new();
    private int _issued;
    private int _completed;
    private int _stopped;

    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Ends the run early: no worker starts another request (those in flight finish and count).</summary>
    public void Stop() => Volatile.Write(ref _stopped, 1);

    public IReadOnlyDictionary<int, int> Statuses => _statuses;

    public IReadOnlyDictionary<string, int> Backends => _backends;

    /// <summary>Transport errors and timeouts seen by the clients.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Values seen of the response header named when starting, with their counts.</summary>
    public IReadOnlyDictionary<string, int> HeaderValues => _headerValues;

    public int Failures => _errors.Count + _statuses.Where(s => s.Key != 200).Sum(s => s.Value);

    public string Describe() =>
        $"completed {Completed}; statuses {string.Join(", ", _statuses.Select(s => $"{s.Key}x{s.Value}"))}; "
        + $"backends {string.Join(", ", _backends.Select(b => $"{b.Key}x{b.Value}"))}; "
        + $"errors {_errors.Count}: {string.Join(" | ", _errors.Take(3))}";

    public static LoadRun Start(HttpClient client, string path, int total, int concurrency, TimeSpan maxDuration, out Task running, string? watchHeader = null)
    {
        var run = new LoadRun();
        var clock = Stopwatch.StartNew();
        running = Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => run.WorkerAsync(client, path, total, maxDuration, clock, watchHeader))));
        return run;
    }

    private async Task WorkerAsync(HttpClient client, string path, int total, TimeSpan maxDuration, Stopwatch clock, string? watchHeader)
    {
        while (Volatile.Read(ref _stopped) == 0 && Interlocked.Increment(ref _issued) <= total && clock.Elapsed < maxDuration)
        {
            try
            {
                using var response = await client.GetAsync(path).ConfigureAwait(false);
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                if (response.Headers.TryGetValues(TestBackend.NameHeader, out var names))
                {
                    _backends.AddOrUpdate(names.First(), 1, (_, n) => n + 1);
                }

                if (watchHeader is not null && response.Headers.TryGetValues(watchHeader, out var values))
                {
                    _headerValues.AddOrUpdate(values.First(), 1, (_, n) => n + 1);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                _errors.Enqueue(ex.GetBaseException().Message);
            }
            finally
            {
                Interlocked.Increment(ref _completed);
            }
        }
    }
}
