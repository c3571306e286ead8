namespace Proxy.Actors.Model.Auth;

/// <summary>Reads one htdigest line, <c>user:realm:HA1</c>; messages name the user, never the HA1.</summary>
public static class DigestLine
{
    public static (DigestEntry? Entry, string? Problem) Parse(string line)
    {
        var parts = line.Split(':');
        if (parts.Length != 3)
        {
            return (null, parts.Length < 2 ? "is not 'user:realm:HA1'" : $"user '{parts[0]}': is not 'user:realm:HA1' ({parts.Length} fields)");
        }

        var (user, realm, ha1) = (parts[0], parts[1], parts[2]);
        if (user.Length == 0 || user.Any(char.IsControl) || user.Trim().Length != user.Length)
        {
            return (null, "has no user name, or one with spaces around it or control characters");
        }

        if (realm.Any(c => c is '"' or '\\' || char.IsControl(c)))
        {
            return (null, $"user '{user}': the realm must not contain '\"', '\\' or control characters");
        }

        return ha1.Length == 32 && ha1.All(char.IsAsciiHexDigit)
            ? (new DigestEntry(user, realm, ha1.ToLowerInvariant()), null)
            : (null, $"user '{user}': the HA1 is not 32 hexadecimal digits (the MD5 of user:realm:password, as htdigest writes it)");
    }
}
