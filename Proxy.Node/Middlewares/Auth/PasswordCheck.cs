using System.Security.Cryptography;
using System.Text;
using Proxy.Actors.Model.Auth;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>Whether a password matches an htpasswd entry's hash, for each kind the line parser accepts; constant time in the hash compare.</summary>
internal static class PasswordCheck
{
    public static bool Matches(HtpasswdEntry entry, string password) => entry.Kind switch
    {
        // BCrypt.Net-Next reads $2a$, $2b$, $2x$ and $2y$ and compares in constant time.
        PasswordHashKind.Bcrypt => BcryptMatches(password, entry.Hash),
        PasswordHashKind.ApacheMd5 => ApacheMd5Crypt.Verify(password, entry.Hash),
        PasswordHashKind.Sha1 => Sha1Matches(password, entry.Hash),
        _ => false,
    };

    private static bool BcryptMatches(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            // The line parser checked the shape; a hash it let through and the library refuses matches nobody.
            return false;
        }
    }

    private static bool Sha1Matches(string password, string hash)
    {
        Span<byte> expected = stackalloc byte[21];
        if (!Convert.TryFromBase64String(hash["{SHA}".Length..], expected, out var written) || written != 20)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[20];
        SHA1.HashData(Encoding.UTF8.GetBytes(password), actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected[..20]);
    }
}
