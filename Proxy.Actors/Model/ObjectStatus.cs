namespace Proxy.Actors.Model;

/// <summary>
/// Traefik's status of a configuration object: <c>Enabled</c> serves as written, <c>Warning</c>
/// serves but something is off (e.g. the last good definition is kept), <c>Disabled</c> does not serve.
/// </summary>
public enum ObjectStatus
{
    Enabled,
    Warning,
    Disabled,
}
