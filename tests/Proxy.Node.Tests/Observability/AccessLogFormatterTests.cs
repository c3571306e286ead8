using System.Net;
using System.Text.Json;
using Proxy.Node.Observability;

namespace Proxy.Node.Tests.Observability;

public sealed class AccessLogFormatterTests
{
    private static readonly RequestRecord Forwarded = new(
        "web", "app@file", "app@file", "http://127.0.0.2:5000", "GET", "HTTP/1.1", "/a/b?c",
        IPAddress.Parse("::ffff:10.1.2.3"), 502, 503, TimeSpan.FromTicks(12_345_678), 2,
        new DateTime(2026, 11, 26, 22, 5, 7, 123, DateTimeKind.Utc), 1_048_576, 1_048_576,
        "https://example.com/from", "curl/8.5.0");

    [Fact]
    public void Common_Forwarded_TraefikClfLine() =>
        Assert.Equal(
            "10.1.2.3 - - [26/Nov/2026:22:05:07 +0000] \"GET /a/b?c HTTP/1.1\" 502 1048576 \"https://example.com/from\" \"curl/8.5.0\" 7 \"app@file\" \"http://127.0.0.2:5000\" 1234ms",
            AccessLogFormatter.Common(Forwarded, 7));

    [Fact]
    public void Common_ClientUsername_TheUserFieldEscaped()
    {
        Assert.StartsWith("10.1.2.3 - alice [26/Nov/2026", AccessLogFormatter.Common(Forwarded with { ClientUsername = "alice" }, 7), StringComparison.Ordinal);
        // A user name from an auth server cannot end the line or forge another.
        Assert.StartsWith("10.1.2.3 - al\\\"ice\\n1.2.3.4 [26/Nov/2026", AccessLogFormatter.Common(Forwarded with { ClientUsername = "al\"ice\n1.2.3.4" }, 7), StringComparison.Ordinal);
        // A space would split the field: a log reader would take "Doe" for the time.
        Assert.StartsWith("10.1.2.3 - Jane\\x20Doe [26/Nov/2026", AccessLogFormatter.Common(Forwarded with { ClientUsername = "Jane Doe" }, 7), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_ClientUsername_TheUserOrDash()
    {
        using var named = JsonDocument.Parse(AccessLogFormatter.Json(Forwarded with { ClientUsername = "alice" }));
        using var anonymous = JsonDocument.Parse(AccessLogFormatter.Json(Forwarded));

        Assert.Equal("alice", named.RootElement.GetProperty("ClientUsername").GetString());
        Assert.Equal("-", anonymous.RootElement.GetProperty("ClientUsername").GetString());
    }

    [Fact]
    public void Common_NoRouter_DashesForRouterAndServer() =>
        Assert.EndsWith(
            "\" 404 19 \"-\" \"-\" 1 \"-\" \"-\" 1234ms",
            AccessLogFormatter.Common(Forwarded with { Router = null, Service = null, ServerUrl = null, DownstreamStatus = 404, DownstreamContentSize = 19, Referer = null, UserAgent = null }, 1));

    [Theory]
    [InlineData(null, "\"-\"")]
    [InlineData("", "\"-\"")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64)", "\"Mozilla/5.0 (X11; Linux x86_64)\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("\"", "\"\\\"\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("tab\tcr\rlf\n", "\"tab\\tcr\\rlf\\n\"")]
    [InlineData("nul\0bell\u0007del\u007f", "\"nul\\x00bell\\x07del\\x7F\"")]
    [InlineData("h\u00e9llo", "\"h\u00e9llo\"")]
    public void Common_UserAgent_QuotedAndEscaped(string? agent, string expected) =>
        Assert.Contains(
            $" 1048576 \"https://example.com/from\" {expected} 7 ",
            AccessLogFormatter.Common(Forwarded with { UserAgent = agent }, 7),
            StringComparison.Ordinal);

    [Fact]
    public void Common_HostileHeaders_LineStillSplitsIntoTraefikFields()
    {
        var line = AccessLogFormatter.Common(Forwarded with { Referer = "x\" 200 0 \"evil", UserAgent = "ua\n10.0.0.1 - - [forged]" }, 7);

        Assert.DoesNotContain('\n', line);
        var fields = System.Text.RegularExpressions.Regex.Match(
            line, """^(\S+) - - \[([^\]]+)\] "([^"\\]*(?:\\.[^"\\]*)*)" (\d+) (\d+) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" (\d+) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" (\d+)ms$""");
        Assert.True(fields.Success, line);
        Assert.Equal("1048576", fields.Groups[5].Value);
        Assert.Equal("x\\\" 200 0 \\\"evil", fields.Groups[6].Value);
        Assert.Equal("ua\\n10.0.0.1 - - [forged]", fields.Groups[7].Value);
        Assert.Equal("app@file", fields.Groups[9].Value);
    }

    [Fact]
    public void Common_QuoteInPath_EscapedInsideRequestLine() =>
        Assert.Contains(
            "\"GET /a\\\"b HTTP/1.1\"",
            AccessLogFormatter.Common(Forwarded with { Path = "/a\"b" }, 7),
            StringComparison.Ordinal);

    [Fact]
    public void Common_LongHeader_WholeValueWritten()
    {
        var agent = new string('a', 10_000) + "\"" + new string('b', 10_000);

        Assert.Contains($"\"{new string('a', 10_000)}\\\"{new string('b', 10_000)}\"", AccessLogFormatter.Common(Forwarded with { UserAgent = agent }, 7), StringComparison.Ordinal);
    }

    [Fact]
    public void Common_EmptyBody_SizeZeroNotDash() =>
        Assert.Contains("\" 204 0 \"", AccessLogFormatter.Common(Forwarded with { DownstreamStatus = 204, DownstreamContentSize = 0 }, 7), StringComparison.Ordinal);

    [Fact]
    public void Json_Forwarded_TraefikFields()
    {
        using var json = JsonDocument.Parse(AccessLogFormatter.Json(Forwarded));
        var root = json.RootElement;

        Assert.Equal("10.1.2.3", root.GetProperty("ClientHost").GetString());
        Assert.Equal("GET", root.GetProperty("RequestMethod").GetString());
        Assert.Equal("/a/b?c", root.GetProperty("RequestPath").GetString());
        Assert.Equal("HTTP/1.1", root.GetProperty("RequestProtocol").GetString());
        Assert.Equal(502, root.GetProperty("DownstreamStatus").GetInt32());
        Assert.Equal(503, root.GetProperty("OriginStatus").GetInt32());
        Assert.Equal(1_048_576, root.GetProperty("DownstreamContentSize").GetInt64());
        Assert.Equal(1_048_576, root.GetProperty("OriginContentSize").GetInt64());
        Assert.Equal(1_234_567_800, root.GetProperty("Duration").GetInt64());
        Assert.Equal("app@file", root.GetProperty("RouterName").GetString());
        Assert.Equal("app@file", root.GetProperty("ServiceName").GetString());
        Assert.Equal("http://127.0.0.2:5000", root.GetProperty("ServiceURL").GetString());
        Assert.Equal(2, root.GetProperty("RetryAttempts").GetInt32());
        Assert.Equal("2026-11-26T22:05:07.1230000Z", root.GetProperty("StartUTC").GetString());
        Assert.Equal("web", root.GetProperty("EntryPointName").GetString());
    }

    [Fact]
    public void Json_RequestHeaders_LeftOutAsTraefikDropsThemByDefault()
    {
        var line = AccessLogFormatter.Json(Forwarded);

        Assert.DoesNotContain("curl/8.5.0", line, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_NoRouter_LeavesRouterFieldsOut()
    {
        using var json = JsonDocument.Parse(AccessLogFormatter.Json(Forwarded with { Router = null, Service = null, ServerUrl = null }));

        Assert.False(json.RootElement.TryGetProperty("RouterName", out _));
        Assert.False(json.RootElement.TryGetProperty("ServiceURL", out _));
    }

    [Fact]
    public void Common_ControlCharactersInEveryTextField_OneLineEscaped()
    {
        var line = AccessLogFormatter.Common(
            Forwarded with
            {
                Method = "GE\nT",
                Path = "/a\u2028b\u2029c",
                Protocol = "HTTP/1.1\r\n",
                Router = "r\u001b[2J@file",
                ServerUrl = "http://s\u0085/",
                UserAgent = "ua\u2028",
            },
            7);

        Assert.Equal(
            @"10.1.2.3 - - [26/Nov/2026:22:05:07 +0000] ""GE\nT /a\u2028b\u2029c HTTP/1.1\r\n"" 502 1048576 ""https://example.com/from"" ""ua\u2028"" 7 ""r\x1B[2J@file"" ""http://s\x85/"" 1234ms",
            line);
    }

    [Fact]
    public void Json_ControlCharactersInEveryTextField_OneLineEscaped()
    {
        var hostile = Forwarded with { Method = "GE\nT", Path = "/a\r\n\u2028", Protocol = "HTTP/1.1\n", Router = "r\n", Service = "s\u2029", ServerUrl = "u\u001b", UserAgent = "ua\n" };

        var line = AccessLogFormatter.Json(hostile);

        Assert.DoesNotContain(line, c => char.IsControl(c) || c is '\u2028' or '\u2029');
        using var json = JsonDocument.Parse(line);
        Assert.Equal("/a\r\n\u2028", json.RootElement.GetProperty("RequestPath").GetString());
        Assert.Equal("s\u2029", json.RootElement.GetProperty("ServiceName").GetString());
    }
}
