namespace Proxy.Discovery.Docker;

/// <summary>
/// The last reason a watcher's TLS callback refused a daemon's certificate. The callback runs on the
/// handshake's thread, the watcher reads the reason when the failure reaches it as a message; one
/// atomic swap hands it over, and taking it clears it so that a later, other failure is not blamed on it.
/// </summary>
public sealed class DockerTlsRefusals
{
    private string? _last;

    public void Record(string refusal) => Interlocked.Exchange(ref _last, refusal);

    public string? Take() => Interlocked.Exchange(ref _last, null);
}
