namespace Proxy.Actors.Configuration.Schema;

/// <summary>Who writes a field.</summary>
public enum FieldUse
{
    /// <summary>Operators, in every provider's syntax.</summary>
    User,

    /// <summary>
    /// Providers only (a server's draining flag and source): never read from a file or a label, but part
    /// of the configuration that crosses the cluster.
    /// </summary>
    Internal,

    /// <summary>
    /// A name Traefik knows that we do not serve yet (<c>tls</c>, <c>tcp</c>, a service kind): giving it is
    /// reported with <see cref="IField.NotSupportedMessage"/>, so the operator knows it is not a typo.
    /// Such a field holds no value (its getter gives null): the wire and the API skip it.
    /// </summary>
    NotSupported,
}
