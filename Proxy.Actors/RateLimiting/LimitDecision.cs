namespace Proxy.Actors.RateLimiting;

/// <summary>
/// What a limiter says of one request: go on after <see cref="Delay"/> (usually zero), or be refused,
/// to try again in <see cref="RetryIn"/>.
/// </summary>
public readonly record struct LimitDecision(bool Admitted, TimeSpan Delay, TimeSpan RetryIn)
{
    public static LimitDecision Admit { get; } = new(true, TimeSpan.Zero, TimeSpan.Zero);

    public static LimitDecision After(TimeSpan delay) => new(true, delay, TimeSpan.Zero);

    public static LimitDecision Refuse(TimeSpan retryIn) => new(false, TimeSpan.Zero, retryIn);
}
