namespace Proxy.Actors.Model.Auth;

/// <summary>The password hashes a basicAuth user line may carry: the ones Traefik's htpasswd library verifies.</summary>
public enum PasswordHashKind
{
    /// <summary><c>$2y$</c>, <c>$2a$</c>, <c>$2b$</c> (and the old <c>$2x$</c>): what <c>htpasswd -B</c> writes.</summary>
    Bcrypt,

    /// <summary><c>$apr1$</c>: Apache's MD5-based crypt, <c>htpasswd</c>'s old default.</summary>
    ApacheMd5,

    /// <summary><c>{SHA}</c>: base64 of the unsalted SHA-1 of the password (<c>htpasswd -s</c>).</summary>
    Sha1,
}
