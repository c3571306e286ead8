namespace Proxy.Actors.Model.Auth;

/// <summary>One <c>user:hash</c> line of a basicAuth middleware, checked: the hash is of a kind the node verifies.</summary>
public sealed record HtpasswdEntry(string User, string Hash, PasswordHashKind Kind)
{
    // The hash is a secret of sorts (an offline guess needs it): never in a message or a log line.
    public override string ToString() => $"{User}:<{Kind} hash>";
}
