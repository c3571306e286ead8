namespace Proxy.Actors.Tests.Certificates.Acme;

/// <summary>A pebble that refuses 30 % of good nonces, so a client without badNonce retries fails most runs.</summary>
public sealed class NonceRejectingPebbleServer : PebbleServer
{
    public const int RejectPercent = 30;

    public NonceRejectingPebbleServer()
        : base(RejectPercent)
    {
    }
}
