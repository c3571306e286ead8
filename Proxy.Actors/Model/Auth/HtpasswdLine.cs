using System.Globalization;

namespace Proxy.Actors.Model.Auth;

/// <summary>
/// Reads one htpasswd line (<c>user:hash</c>). Traefik's library accepts any line and falls back to MD5 crypt
/// for a hash it does not recognise, so a plain-text password or a crypt(3) DES hash is taken silently and
/// then never lets anybody in; here such a line is an error that says so. Messages name the user, never the hash.
/// </summary>
public static class HtpasswdLine
{
    /// <summary>bcrypt's cost is 2^cost rounds: 15 is already a second or more per check on a small machine.</summary>
    public const int MaxBcryptCost = 15;

    public static (HtpasswdEntry? Entry, string? Problem) Parse(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (null, "is not 'user:hash' (no ':')");
        }

        var user = line[..colon];
        var hash = line[(colon + 1)..];
        if (user.Length == 0)
        {
            return (null, "has no user name before ':'");
        }

        if (user.Any(char.IsControl) || user.Trim().Length != user.Length)
        {
            return (null, $"user '{Printable(user)}': the name has spaces around it or control characters");
        }

        if (hash.Contains(':', StringComparison.Ordinal))
        {
            return (null, $"user '{user}': more than one ':' (a digestAuth line 'user:realm:hash'?)");
        }

        return KindOf(hash) switch
        {
            { Kind: { } kind } => (new HtpasswdEntry(user, hash, kind), null),
            { Problem: var problem } => (null, $"user '{user}': {problem}"),
        };
    }

    private static (PasswordHashKind? Kind, string? Problem) KindOf(string hash)
    {
        if (hash.StartsWith("$2a$", StringComparison.Ordinal) || hash.StartsWith("$2b$", StringComparison.Ordinal)
            || hash.StartsWith("$2x$", StringComparison.Ordinal) || hash.StartsWith("$2y$", StringComparison.Ordinal))
        {
            return BcryptProblem(hash) is { } problem ? (null, problem) : (PasswordHashKind.Bcrypt, null);
        }

        if (hash.StartsWith("$apr1$", StringComparison.Ordinal))
        {
            // $apr1$<salt, 1-8 chars>$<22 chars of crypt's base64>
            var parts = hash.Split('$');
            return parts.Length == 4 && parts[2].Length is > 0 and <= 8 && parts[3].Length == 22 && parts[3].All(IsCryptBase64)
                ? (PasswordHashKind.ApacheMd5, null)
                : (null, "the $apr1$ hash is malformed (expected $apr1$salt$ and 22 characters)");
        }

        if (hash.StartsWith("{SHA}", StringComparison.Ordinal))
        {
            var digest = hash["{SHA}".Length..];
            return IsSha1Base64(digest) ? (PasswordHashKind.Sha1, null) : (null, "the {SHA} hash is not the base64 of 20 bytes");
        }

        return (null, hash.Length == 13 && hash.All(IsCryptBase64)
            ? "crypt(3) DES hashes are not accepted (they keep 8 characters of the password); use bcrypt (htpasswd -nB user)"
            : "the password is not hashed with bcrypt ($2y$), Apache MD5 ($apr1$) or SHA1 ({SHA}); a plain-text password is not accepted (htpasswd -nB user writes a bcrypt line)");
    }

    /// <summary>$2y$NN$ then 53 characters of bcrypt's base64 (22 of salt, 31 of hash).</summary>
    private static string? BcryptProblem(string hash)
    {
        if (hash.Length != 60 || hash[6] != '$' || !hash[7..].All(IsCryptBase64)
            || !int.TryParse(hash.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var cost))
        {
            return "the bcrypt hash is malformed (expected $2y$NN$ and 53 characters)";
        }

        return cost is < 4 or > MaxBcryptCost
            ? $"the bcrypt cost {cost} is outside 4-{MaxBcryptCost} (a higher cost makes every check take seconds of CPU)"
            : null;
    }

    private static bool IsSha1Base64(string digest)
    {
        var bytes = new byte[21];
        return digest.Length == 28 && Convert.TryFromBase64String(digest, bytes, out var written) && written == 20;
    }

    private static bool IsCryptBase64(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '/';

    private static string Printable(string text) => new([.. text.Select(c => char.IsControl(c) ? '?' : c)]);
}
