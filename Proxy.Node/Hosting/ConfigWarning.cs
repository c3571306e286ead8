namespace Proxy.Node.Hosting;

/// <summary>
/// Something in the static configuration the node ignores but the operator should hear about: a
/// <c>PROXY_*</c> variable that names no option. Unlike a <see cref="Proxy.Actors.Model.ConfigError"/>
/// it does not stop the node; it is logged once at start.
/// </summary>
public sealed record ConfigWarning(string Source, string Key, string Message);
