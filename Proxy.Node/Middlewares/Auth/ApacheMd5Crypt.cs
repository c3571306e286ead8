using System.Security.Cryptography;
using System.Text;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// Apache's <c>$apr1$</c> hash: Poul-Henning Kamp's MD5 crypt with Apache's magic, 1000 rounds of MD5 over the
/// password, the salt and the previous digest, written in crypt's own base64 order.
/// </summary>
internal static class ApacheMd5Crypt
{
    private const string Magic = "$apr1$";
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Whether <paramref name="password"/> hashes to <paramref name="hash"/> (<c>$apr1$salt$digest</c>), compared in constant time.</summary>
    public static bool Verify(string password, string hash)
    {
        var end = hash.IndexOf('$', Magic.Length);
        if (!hash.StartsWith(Magic, StringComparison.Ordinal) || end < 0)
        {
            return false;
        }

        var computed = Hash(Encoding.UTF8.GetBytes(password), Encoding.ASCII.GetBytes(hash[Magic.Length..end]));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(hash));
    }

    /// <summary>The full <c>$apr1$salt$digest</c> of <paramref name="password"/> with <paramref name="salt"/> (at most 8 bytes used).</summary>
    public static string Hash(byte[] password, byte[] salt)
    {
        salt = salt.Length > 8 ? salt[..8] : salt;
        var magic = Encoding.ASCII.GetBytes(Magic);

        var alternate = MD5.HashData([.. password, .. salt, .. password]);
        var first = new List<byte>(password.Length * 2 + 32);
        first.AddRange(password);
        first.AddRange(magic);
        first.AddRange(salt);
        for (var left = password.Length; left > 0; left -= 16)
        {
            first.AddRange(alternate.AsSpan(0, Math.Min(16, left)).ToArray());
        }

        // Each bit of the length, low first: a zero byte for a one bit, the password's first byte for a zero bit.
        for (var bits = password.Length; bits != 0; bits >>= 1)
        {
            first.Add((bits & 1) != 0 ? (byte)0 : password[0]);
        }

        var digest = MD5.HashData(first.ToArray());
        for (var round = 0; round < 1000; round++)
        {
            var step = new List<byte>(password.Length * 2 + salt.Length + 16);
            step.AddRange((round & 1) != 0 ? password : digest);
            if (round % 3 != 0)
            {
                step.AddRange(salt);
            }

            if (round % 7 != 0)
            {
                step.AddRange(password);
            }

            step.AddRange((round & 1) != 0 ? digest : password);
            digest = MD5.HashData(step.ToArray());
        }

        var text = new StringBuilder(Magic.Length + salt.Length + 1 + 22);
        text.Append(Magic).Append(Encoding.ASCII.GetString(salt)).Append('$');
        Append(text, (digest[0] << 16) | (digest[6] << 8) | digest[12], 4);
        Append(text, (digest[1] << 16) | (digest[7] << 8) | digest[13], 4);
        Append(text, (digest[2] << 16) | (digest[8] << 8) | digest[14], 4);
        Append(text, (digest[3] << 16) | (digest[9] << 8) | digest[15], 4);
        Append(text, (digest[4] << 16) | (digest[10] << 8) | digest[5], 4);
        Append(text, digest[11], 2);
        return text.ToString();
    }

    private static void Append(StringBuilder text, int value, int count)
    {
        for (var i = 0; i < count; i++)
        {
            text.Append(Alphabet[value & 0x3f]);
            value >>= 6;
        }
    }
}
