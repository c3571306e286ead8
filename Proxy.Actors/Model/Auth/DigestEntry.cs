namespace Proxy.Actors.Model.Auth;

/// <summary>One <c>user:realm:HA1</c> line of a digestAuth middleware (htdigest's format), HA1 the MD5 of user:realm:password in hex.</summary>
public sealed record DigestEntry(string User, string Realm, string Ha1)
{
    // HA1 stands in for the password (a client that knows it passes): never in a message or a log line.
    public override string ToString() => $"{User}:{Realm}:<HA1>";
}
