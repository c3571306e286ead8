using System.Text;
using Proxy.Actors.Model.Auth;
using Proxy.Node.Middlewares.Auth;

namespace Proxy.Node.Tests.Middlewares.Auth;

public sealed class PasswordCheckTests
{
    // Written by htpasswd 2.4 and openssl passwd -apr1: the node must verify what the tools write.
    private const string Bcrypt = "$2y$05$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO"; // secret-a
    private const string BcryptNonAscii = "$2y$05$DzdKG0Qdwq7XD0rYgGqXh.q/.BfedIfmkzER/uGdKWVq5RYVxenXu"; // pässwörd
    private const string Apr1 = "$apr1$N8FA/1pm$noVbxAxgXIMuZu0f2jw2F0"; // secret-b
    private const string Sha = "{SHA}glx5V+xBpN8CAEVCH92sRoGXiK8="; // secret-c

    [Theory]
    [InlineData(Bcrypt, "secret-a")]
    [InlineData("$2a$05$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO", "secret-a")]
    [InlineData("$2b$05$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO", "secret-a")]
    [InlineData(BcryptNonAscii, "pässwörd")]
    [InlineData(Apr1, "secret-b")]
    [InlineData(Sha, "secret-c")]
    public void Matches_RightPassword_True(string hash, string password)
    {
        var entry = HtpasswdLine.Parse($"u:{hash}").Entry!;

        Assert.True(PasswordCheck.Matches(entry, password));
        Assert.False(PasswordCheck.Matches(entry, password + "x"));
        Assert.False(PasswordCheck.Matches(entry, string.Empty));
    }

    [Theory]
    [InlineData("p@ss wörd", "xyz", "$apr1$xyz$P8UGKdpl7kF5G8NwemYCM.")]
    [InlineData("", "abcdefgh", "$apr1$abcdefgh$L.PT565ESX4Tp2bqNs7Ie.")]
    [InlineData("secret-b", "N8FA/1pm", Apr1)]
    public void Hash_OpensslVectors_Same(string password, string salt, string expected) =>
        Assert.Equal(expected, ApacheMd5Crypt.Hash(Encoding.UTF8.GetBytes(password), Encoding.ASCII.GetBytes(salt)));
}
