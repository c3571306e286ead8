using System.Diagnostics;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// The moment a condition first held, for latency measurements. Unlike <see cref="Eventually"/>,
/// which only waits, this returns when it held, and its interval is the caller's: how tight a loop
/// the machine bears depends on what else is being measured.
/// </summary>
public static class FirstTrue
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Polls every <paramref name="interval"/> and returns when <paramref name="condition"/> first held;
    /// after 20 s throws a <see cref="TimeoutException"/> with <paramref name="timeoutMessage"/>.
    /// </summary>
    public static async Task<DateTimeOffset> PollAsync(Func<Task<bool>> condition, TimeSpan interval, Func<string> timeoutMessage)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < Limit)
        {
            try
            {
                if (await condition())
                {
                    return DateTimeOffset.UtcNow;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet; the clock keeps running.
            }

            await Task.Delay(interval);
        }

        throw new TimeoutException(timeoutMessage());
    }
}
