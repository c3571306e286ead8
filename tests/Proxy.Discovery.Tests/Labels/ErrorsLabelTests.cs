using Proxy.Actors.Model.Config;
using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Labels;

public sealed class ErrorsLabelTests
{
    private static LabelParseResult Parse(params (string Key, string Value)[] labels) =>
        LabelParser.Parse(Containers.Labels(labels), "traefik");

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData("Accept, X-Request-Id", "Accept|X-Request-Id")]
    public void Parse_ErrorRequestHeaders_NotGivenEmptyOrListed(string? label, string? expected)
    {
        (string, string)[] labels =
        [
            ("traefik.http.middlewares.pages.errors.status", "500-599"),
            ("traefik.http.middlewares.pages.errors.service", "pages"),
            .. label is null ? [] : new[] { ("traefik.http.middlewares.pages.errors.errorrequestheaders", label) },
        ];

        var result = Parse(labels);

        Assert.Empty(result.Problems);
        var headers = result.Config.Config.Middlewares["pages"].Get<ErrorsConfig>()!.PageRequestHeaders;
        Assert.Equal(expected, headers is { } only ? string.Join('|', only) : null);
    }
}
