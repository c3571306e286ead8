using Proxy.Actors.Model.Config;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The transformers every request of a router without middlewares shares, one per Host and trust choice, for
/// services with the default <c>responseForwarding.flushInterval</c> (the others get their own per request).
/// </summary>
internal sealed class PlainTransformers(TimeProvider time)
{
    /// <summary>The interval these transformers hold responses for.</summary>
    public static TimeSpan FlushInterval => ResponseForwardingConfig.DefaultFlushIntervalValue;

    private readonly ProxyTransformer _passHost = new(RequestRewrite.Unchanged, passHostHeader: true, trustedClient: false, FlushInterval, time);
    private readonly ProxyTransformer _ownHost = new(RequestRewrite.Unchanged, passHostHeader: false, trustedClient: false, FlushInterval, time);
    private readonly ProxyTransformer _passHostTrusted = new(RequestRewrite.Unchanged, passHostHeader: true, trustedClient: true, FlushInterval, time);
    private readonly ProxyTransformer _ownHostTrusted = new(RequestRewrite.Unchanged, passHostHeader: false, trustedClient: true, FlushInterval, time);

    public ProxyTransformer Of(bool passHostHeader, bool trusted) =>
        passHostHeader
            ? trusted ? _passHostTrusted : _passHost
            : trusted ? _ownHostTrusted : _ownHost;
}
