namespace Proxy.Actors.Tests.Support;

/// <summary>
/// The system clock, except that reading it waits while the gate is closed: a test closes it to hold
/// an actor inside a message that reads the time, and queues messages behind it meanwhile.
/// </summary>
public sealed class GatedTimeProvider : TimeProvider, IDisposable
{
    private readonly ManualResetEventSlim _open = new(true);

    public void Close() => _open.Reset();

    public void Open() => _open.Set();

    public override DateTimeOffset GetUtcNow()
    {
        // Bounded, so that a test that forgets to open the gate fails instead of hanging.
        if (!_open.Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException("the test never opened the clock's gate");
        }

        return base.GetUtcNow();
    }

    public void Dispose() => _open.Dispose();
}
