using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Labels;

public sealed class CompressLabelTests
{
    private static LabelParseResult Parse(params (string Key, string Value)[] labels) =>
        LabelParser.Parse(Containers.Labels(labels), "traefik");

    [Fact]
    public void Parse_CompressTrue_CompressWithNoOptionSet()
    {
        var result = Parse(("traefik.http.middlewares.squeeze.compress", "true"));

        Assert.Empty(result.Problems);
        Assert.Equal(CompressConfig.Empty, result.Config.Config.Middlewares["squeeze"].Get<CompressConfig>());
    }

    [Fact]
    public void Parse_CompressOptions_ReadAsDeclared()
    {
        var result = Parse(
            ("traefik.http.middlewares.squeeze.compress.encodings", "gzip, br"),
            ("traefik.http.middlewares.squeeze.compress.defaultencoding", "gzip"),
            ("traefik.http.middlewares.squeeze.compress.minresponsebodybytes", "2048"),
            ("traefik.http.middlewares.squeeze.compress.excludedcontenttypes", "image/png,text/event-stream"));

        Assert.Empty(result.Problems);
        var compress = result.Config.Config.Middlewares["squeeze"].Get<CompressConfig>()!;
        Assert.Equal(["gzip", "br"], compress.Encodings.ToArray());
        Assert.Equal("gzip", compress.DefaultEncoding);
        Assert.Equal(2048, compress.MinResponseBodyBytes);
        Assert.Equal(["image/png", "text/event-stream"], compress.ExcludedContentTypes.ToArray());
    }

    [Fact]
    public void Parse_HeadersSecurityAndCors_ReadIntoTheirParts()
    {
        var result = Parse(
            ("traefik.http.middlewares.h.headers.stsseconds", "60"),
            ("traefik.http.middlewares.h.headers.sslproxyheaders.X-Forwarded-Proto", "https"),
            ("traefik.http.middlewares.h.headers.accesscontrolalloworiginlist", "https://a.example,https://b.example"),
            ("traefik.http.middlewares.h.headers.customresponseheaders.X-Tag", "t"));

        Assert.Empty(result.Problems);
        var headers = result.Config.Config.Middlewares["h"].Get<HeadersConfig>()!;
        Assert.Equal(60, headers.Security.StsSeconds);
        Assert.Equal("https", headers.Security.SslProxyHeaders["X-Forwarded-Proto"]);
        Assert.Equal(["https://a.example", "https://b.example"], headers.Cors.AccessControlAllowOriginList.ToArray());
        Assert.Equal("t", headers.CustomResponseHeaders["X-Tag"]);
    }
}
