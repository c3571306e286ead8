using Proxy.Actors.Model.Auth;
using Proxy.Actors.Tests.Files;
using Xunit;

namespace Proxy.Actors.Tests.Model.Auth;

public sealed class HtpasswdLineTests
{
    // Written by htpasswd 2.4 (-nbB -C 5, -nbm, -nbs) and kept: the parser must accept what the tool writes.
    public const string Bcrypt = "$2y$05$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO";
    public const string Apr1 = "$apr1$N8FA/1pm$noVbxAxgXIMuZu0f2jw2F0";
    public const string Sha = "{SHA}glx5V+xBpN8CAEVCH92sRoGXiK8=";

    [Theory]
    [InlineData("alice:" + Bcrypt, "alice", PasswordHashKind.Bcrypt)]
    [InlineData("alice:$2a$05$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO", "alice", PasswordHashKind.Bcrypt)]
    [InlineData("alice:$2b$05$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO", "alice", PasswordHashKind.Bcrypt)]
    [InlineData("bob:" + Apr1, "bob", PasswordHashKind.ApacheMd5)]
    [InlineData("carol:" + Sha, "carol", PasswordHashKind.Sha1)]
    [InlineData("user.name@example:" + Sha, "user.name@example", PasswordHashKind.Sha1)]
    public void Parse_HashesHtpasswdWrites_Accepted(string line, string user, PasswordHashKind kind)
    {
        var (entry, problem) = HtpasswdLine.Parse(line);

        Assert.Null(problem);
        Assert.Equal(user, entry!.User);
        Assert.Equal(kind, entry.Kind);
    }

    [Theory]
    [InlineData("dave:plaintext-secret", "user 'dave'", "plain-text password is not accepted")]
    [InlineData("dave:dZvtGDM7Z4cUk", "user 'dave'", "crypt(3) DES hashes are not accepted")]
    [InlineData("dave:$2y$05$tooshort", "user 'dave'", "bcrypt hash is malformed")]
    [InlineData("dave:$2y$31$jRqOE0GnpK.z3.PtC0CC9e17ATtWCE1sKq9MCYLtSm/Ilb0w4mvpO", "user 'dave'", "bcrypt cost 31 is outside 4-15")]
    [InlineData("dave:$apr1$N8FA/1pm$short", "user 'dave'", "$apr1$ hash is malformed")]
    [InlineData("dave:{SHA}notbase64!", "user 'dave'", "{SHA} hash is not the base64 of 20 bytes")]
    [InlineData("dave:realm:0123456789abcdef0123456789abcdef", "user 'dave'", "more than one ':'")]
    [InlineData("no-colon-here", "", "is not 'user:hash'")]
    [InlineData(":" + Sha, "", "no user name")]
    public void Parse_BadLine_ProblemNamesTheUserNeverTheHash(string line, string names, string problem)
    {
        var (entry, message) = HtpasswdLine.Parse(line);

        Assert.Null(entry);
        Assert.Contains(problem, message, StringComparison.Ordinal);
        Assert.Contains(names, message, StringComparison.Ordinal);
        var secret = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
        if (secret.Length > 0)
        {
            Assert.DoesNotContain(secret, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ReadFile_CommentsBlankLinesAndABadLine_EntriesAndTheLineNumber()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, $"# team\n\nalice:{Bcrypt}\r\nmallory:letmein\nbob:{Apr1}\n");

            var (entries, problems) = HtpasswdUsers.ReadFile(path);

            Assert.Equal(["alice", "bob"], entries.Select(e => e.User));
            var problem = Assert.Single(problems);
            Assert.Equal($"usersFile '{path}' line 4: user 'mallory': the password is not hashed with bcrypt ($2y$), Apache MD5 ($apr1$) or SHA1 ({{SHA}}); a plain-text password is not accepted (htpasswd -nB user writes a bcrypt line)", problem);
            Assert.DoesNotContain("letmein", problem, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_OverTheBound_RefusedWithTheSizes()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, new string('#', (int)HtpasswdUsers.MaxFileBytes + 1));

            var (entries, problems) = HtpasswdUsers.ReadFile(path);

            Assert.Empty(entries);
            Assert.Equal($"usersFile '{path}' is larger than the {HtpasswdUsers.MaxFileBytes} bytes a users file may have", Assert.Single(problems));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_Device_RefusedAsNotARegularFile()
    {
        var (entries, problems) = HtpasswdUsers.ReadFile("/dev/zero");

        Assert.Empty(entries);
        Assert.Equal("usersFile '/dev/zero' cannot be read: not a regular file (a character device)", Assert.Single(problems));
    }

    [Fact]
    public async Task ReadFile_Fifo_RefusedWithoutWaiting()
    {
        var folder = Directory.CreateTempSubdirectory("htpasswd-");
        try
        {
            var fifo = await Fifo.MakeAsync(Path.Combine(folder.FullName, "users"));

            var (entries, problems) = await Fifo.WithinSecondsAsync(() => HtpasswdUsers.ReadFile(fifo));

            Assert.Empty(entries);
            Assert.Equal($"usersFile '{fifo}' cannot be read: not a regular file (a FIFO)", Assert.Single(problems));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ReadFile_Missing_NamesTheFile()
    {
        var (_, problems) = HtpasswdUsers.ReadFile("/nonexistent/users.htpasswd");

        Assert.Equal("usersFile '/nonexistent/users.htpasswd' does not exist on this node", Assert.Single(problems));
    }

    [Fact]
    public void Merge_SameUserInFileAndInline_InlineWins()
    {
        var file = HtpasswdLine.Parse($"alice:{Bcrypt}").Entry!;
        var inline = HtpasswdLine.Parse($"alice:{Sha}").Entry!;

        var users = HtpasswdUsers.Merge([file], [inline]);

        Assert.Equal(PasswordHashKind.Sha1, users["alice"].Kind);
    }

    [Fact]
    public void ToString_OfAnEntry_HasNoHash() =>
        Assert.DoesNotContain("jRqOE0", HtpasswdLine.Parse($"alice:{Bcrypt}").Entry!.ToString(), StringComparison.Ordinal);
}
