namespace Proxy.Node.Middlewares.Buffering;

/// <summary>A body went past the buffering middleware's limit; an IOException, so copiers treat it as a failed write.</summary>
internal sealed class BodyTooLargeException(long limit)
    : IOException($"the body is larger than the buffering limit of {limit} bytes")
{
    public long Limit { get; } = limit;
}
