namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// Bounds the CPU the slow password checks of every basicAuth of a node (one gate per node) (bcrypt, the uncached ones) may take: at most
/// <see cref="Concurrent"/> run at once, and a request that waits longer than <see cref="MaxWait"/> for its turn
/// is turned away rather than queued without end. A flood of wrong passwords then costs at most that many
/// cores, whatever its rate.
/// </summary>
internal sealed class SlowCheckGate : IDisposable
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _slots;

    public SlowCheckGate()
    {
        Concurrent = Math.Max(1, Environment.ProcessorCount / 2);
        _slots = new SemaphoreSlim(Concurrent, Concurrent);
    }

    public int Concurrent { get; }

    /// <summary>Runs <paramref name="check"/> in a slot; null when no slot came within <see cref="MaxWait"/>.</summary>
    public async ValueTask<bool?> RunAsync(Func<bool> check, CancellationToken cancel)
    {
        if (!await _slots.WaitAsync(MaxWait, cancel).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            return check();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
