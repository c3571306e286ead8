using Microsoft.AspNetCore.Http;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

public sealed class RequestTargetTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/a/b.c/..d/...", "/a/b.c/..d/...")]
    [InlineData("/a/./b", "/a/b")]
    [InlineData("/a/../b", "/b")]
    [InlineData("/a/%2e%2E/b", "/b")]
    [InlineData("/a/.%2e/b/%2e", "/b/")]
    [InlineData("/..", "/")]
    [InlineData("/a/..", "/")]
    [InlineData("/a/b/..", "/a/")]
    [InlineData("/a%2F..%2Fb", "/a%2F..%2Fb")]
    [InlineData("/a//../b", "/a/b")]
    public void RemoveDotSegments_RawPath_AsKestrelResolvesThem(string path, string expected)
    {
        Assert.Equal(expected, RequestTarget.RemoveDotSegments(path));
    }

    [Theory]
    [InlineData("/strip/a%2Fb", "/a%2Fb", "/a%2Fb")]
    [InlineData("/strip/x/c%25d", "/x/c%d", "/x/c%25d")]
    [InlineData("/strip", "", "/")]
    [InlineData("/a%2Fb/strip/", "/", "/")]
    public void StripToSegments_DecodedRest_SameSegmentsOfRawPath(string raw, string decodedRest, string expected)
    {
        Assert.Equal(expected, RequestTarget.StripToSegments(raw, decodedRest.Length == 0 ? PathString.Empty : new PathString(decodedRest)));
    }

    [Theory]
    [InlineData("http://10.0.0.1:80", "/a%2fb", "?q=%2F", "http://10.0.0.1:80/a%2fb?q=%2F")]
    [InlineData("http://10.0.0.1:80/", "/a%41", "", "http://10.0.0.1:80/a%41")]
    [InlineData("http://10.0.0.1:80", "/a/caf\u00e9 x", "?q=\u00e9", "http://10.0.0.1:80/a/caf%C3%A9%20x?q=%C3%A9")]
    public void Destination_RawPathAndQuery_SentWithoutCanonicalisation(string prefix, string path, string query, string expected)
    {
        var uri = RequestTarget.Destination(prefix, path, new QueryString(query.Length == 0 ? null : query));

        Assert.Equal(expected, uri.OriginalString);
        Assert.Equal(expected[expected.IndexOf('/', 7)..], uri.PathAndQuery);
    }
}
