using Xunit;
using static Proxy.Node.Tests.Middlewares.Chains;

namespace Proxy.Node.Tests.Middlewares;

public sealed class AddPrefixHandlerTests
{
    [Theory]
    [InlineData("/api", "/x", "/x", "/api/x")]
    [InlineData("/api/", "/x", "/x", "/api/x")] // a trailing '/' of the prefix is dropped
    [InlineData("/api", "/a%41", "/aA", "/api/a%41")] // the raw path as the client wrote it
    [InlineData("/caf\u00e9", "/x", "/x", "/caf%C3%A9/x")] // the prefix encoded for the wire
    public void RewritePath_Path_PrefixPutInFrontOfTheRawPath(string prefix, string raw, string path, string expectedRaw)
    {
        var rewrite = Rewrite(path, Of(Add(prefix)), raw);

        Assert.Equal(expectedRaw, rewrite.RawPath);
        Assert.Null(rewrite.StrippedPrefix);
    }
}
