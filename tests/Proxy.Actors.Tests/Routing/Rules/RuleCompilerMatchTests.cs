using Proxy.Actors.Routing.Rules;
using Xunit;

namespace Proxy.Actors.Tests.Routing.Rules;

public sealed class RuleCompilerMatchTests
{
    [Theory]
    // Host: case-insensitive, port and trailing dot ignored, exact otherwise.
    [InlineData("Host(`example.com`)", "GET example.com/", true)]
    [InlineData("Host(`example.com`)", "GET EXAMPLE.com/", true)]
    [InlineData("Host(`Example.COM`)", "GET example.com/", true)]
    [InlineData("Host(`example.com`)", "GET example.com:8080/", true)]
    [InlineData("Host(`example.com`)", "GET example.com./", true)]
    [InlineData("Host(`example.com.`)", "GET example.com/", true)]
    [InlineData("Host(`example.com`)", "GET www.example.com/", false)]
    [InlineData("Host(`example.com`)", "GET example.co/", false)]
    [InlineData("Host(\"example.com\")", "GET example.com/", true)]
    [InlineData("Host(`::1`)", "GET [::1]:8080/", true)]
    // HostRegexp: Go-style unanchored, on the lower-cased host without port.
    [InlineData("HostRegexp(`^[a-z]+\\.example\\.com$`)", "GET API.example.com/", true)]
    [InlineData("HostRegexp(`^[a-z]+\\.example\\.com$`)", "GET a.b.example.com/", false)]
    [InlineData("HostRegexp(`example`)", "GET www.example.org/", true)]
    [InlineData("HostRegexp(`^example\\.com$`)", "GET example.com:443/", true)]
    // Path, PathPrefix, PathRegexp: case-sensitive.
    [InlineData("Path(`/a`)", "GET h/a", true)]
    [InlineData("Path(`/a`)", "GET h/a/", false)]
    [InlineData("Path(`/a`)", "GET h/A", false)]
    [InlineData("Path(`/a`)", "GET h/a?x=1", true)]
    [InlineData("PathPrefix(`/api`)", "GET h/api/v1", true)]
    [InlineData("PathPrefix(`/api`)", "GET h/apis", true)]
    [InlineData("PathPrefix(`/api`)", "GET h/ap", false)]
    [InlineData("PathPrefix(`/`)", "GET h/anything", true)]
    [InlineData("PathRegexp(`^/users/[0-9]+$`)", "GET h/users/42", true)]
    [InlineData("PathRegexp(`^/users/[0-9]+$`)", "GET h/users/x", false)]
    [InlineData("PathRegexp(`[0-9]`)", "GET h/v2/x", true)]
    [InlineData("PathRegexp(`^/a\\d+$`)", "GET h/a12", true)]
    // Method: rule upper-cased, compared exactly.
    [InlineData("Method(`GET`)", "GET h/", true)]
    [InlineData("Method(`GET`)", "POST h/", false)]
    [InlineData("Method(`get`)", "GET h/", true)]
    // Header and HeaderRegexp: any value; names case-insensitive through the request facts.
    [InlineData("Header(`X-Env`, `prod`)", "GET h/ | X-Env: prod", true)]
    [InlineData("Header(`X-Env`, `prod`)", "GET h/ | x-env: prod", true)]
    [InlineData("Header(`X-Env`, `prod`)", "GET h/ | X-Env: Prod", false)]
    [InlineData("Header(`X-Env`, `prod`)", "GET h/ | X-Env: dev | X-Env: prod", true)]
    [InlineData("Header(`X-Env`, `prod`)", "GET h/", false)]
    [InlineData("Header(`X-Q`, \"say \\\"hi\\\" \\\\o/\")", "GET h/ | X-Q: say \"hi\" \\o/", true)]
    [InlineData("HeaderRegexp(`Accept`, `json`)", "GET h/ | Accept: application/json", true)]
    [InlineData("HeaderRegexp(`Accept`, `^json`)", "GET h/ | Accept: application/json", false)]
    [InlineData("HeaderRegexp(`Accept`, `json`)", "GET h/ | Accept: text/html | Accept: text/json", true)]
    // Query: presence, exact value among several, regex.
    [InlineData("Query(`debug`)", "GET h/?debug", true)]
    [InlineData("Query(`debug`)", "GET h/?debug=1", true)]
    [InlineData("Query(`debug`)", "GET h/?other", false)]
    [InlineData("Query(`debug`)", "GET h/?Debug", false)]
    [InlineData("Query(`page`, `2`)", "GET h/?page=1&page=2", true)]
    [InlineData("Query(`page`, `2`)", "GET h/?page=3", false)]
    [InlineData("Query(`a`, ``)", "GET h/?a", true)]
    [InlineData("QueryRegexp(`id`, `^[0-9]+$`)", "GET h/?id=12", true)]
    [InlineData("QueryRegexp(`id`, `^[0-9]+$`)", "GET h/?id=x", false)]
    [InlineData("QueryRegexp(`id`, `x`)", "GET h/?other=x", false)]
    // ClientIP: address or range, v4-mapped v6 treated as v4, unknown peer never matches.
    [InlineData("ClientIP(`10.0.0.0/8`)", "GET h/ | ip 10.1.2.3", true)]
    [InlineData("ClientIP(`10.0.0.0/8`)", "GET h/ | ip 11.0.0.1", false)]
    [InlineData("ClientIP(`10.0.0.0/8`)", "GET h/ | ip ::ffff:10.1.2.3", true)]
    [InlineData("ClientIP(`10.0.0.0/8`)", "GET h/", false)]
    [InlineData("ClientIP(`192.168.1.7`)", "GET h/ | ip 192.168.1.7", true)]
    [InlineData("ClientIP(`192.168.1.7`)", "GET h/ | ip 192.168.1.8", false)]
    [InlineData("ClientIP(`192.168.1.1/24`)", "GET h/ | ip 192.168.1.200", true)]
    [InlineData("ClientIP(`2001:db8::/32`)", "GET h/ | ip 2001:db8::1", true)]
    [InlineData("ClientIP(`2001:db8::/32`)", "GET h/ | ip 2001:db9::1", false)]
    [InlineData("ClientIP(`::ffff:10.0.0.0/104`)", "GET h/ | ip 10.0.0.5", true)]
    [InlineData("ClientIP(`0.0.0.0/0`)", "GET h/ | ip 203.0.113.9", true)]
    [InlineData("ClientIP(`0.0.0.0/0`)", "GET h/ | ip ::1", false)]
    [InlineData("ClientIP(`::/0`)", "GET h/ | ip ::1", true)]
    // Operators and precedence: ! over && over ||.
    [InlineData("Host(`a.com`) && Path(`/x`)", "GET a.com/x", true)]
    [InlineData("Host(`a.com`) && Path(`/x`)", "GET a.com/y", false)]
    [InlineData("Host(`a.com`) || Host(`b.com`)", "GET b.com/", true)]
    [InlineData("Host(`a.com`) || Host(`b.com`)", "GET c.com/", false)]
    [InlineData("!Path(`/health`)", "GET h/health", false)]
    [InlineData("!Path(`/health`)", "GET h/x", true)]
    [InlineData("!!Path(`/x`)", "GET h/x", true)]
    [InlineData("Host(`a.com`) || Host(`b.com`) && Path(`/x`)", "GET b.com/y", false)]
    [InlineData("Host(`a.com`) || Host(`b.com`) && Path(`/x`)", "GET a.com/y", true)]
    [InlineData("(Host(`a.com`) || Host(`b.com`)) && Path(`/x`)", "GET a.com/y", false)]
    [InlineData("!Host(`a.com`) && Path(`/x`)", "GET b.com/x", true)]
    [InlineData("!Host(`a.com`) && Path(`/x`)", "GET a.com/x", false)]
    [InlineData("!(Host(`a.com`) && Path(`/x`))", "GET a.com/y", true)]
    [InlineData("  Host(`a.com`)\t&&\nPath(`/x`)  ", "GET a.com/x", true)]
    [InlineData("Path(`/a`) || Path(`/b`) || Path(`/c`) && Method(`POST`)", "GET h/c", false)]
    [InlineData("Path(`/a`) || Path(`/b`) || Path(`/c`) && Method(`POST`)", "GET h/b", true)]
    public void Compile_ValidRule_MatchesAsTraefikV3(string rule, string request, bool expected)
    {
        var result = RuleCompiler.Compile(rule);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(expected, result.Rule.Matches(FakeRequest.Parse(request)));
    }

    [Fact]
    public void Compile_ValidRule_KeepsText()
    {
        const string rule = "Host(`a.com`) && Path(`/x`)";

        Assert.Equal(rule, RuleCompiler.Compile(rule).Rule?.Text);
    }

    [Theory]
    [InlineData("PathRegexp(`^/(a+)+$`)", "GET h/{0}!", false)]
    [InlineData("HostRegexp(`(a+)+$`)", "GET {0}!/", false)]
    // Backtracking timed out on the first branch and answered no; the second branch matches.
    [InlineData("PathRegexp(`^/(a+)+$|!`)", "GET h/{0}!", true)]
    [InlineData("HeaderRegexp(`X`, `^(a|aa)+$`)", "GET h/ | X: {0}!", false)]
    public void Matches_CatastrophicBacktrackingPattern_AnswersInLinearTime(string text, string request, bool expected)
    {
        // With a backtracking engine each of these would cost the whole 100 ms timeout per request.
        var rule = RuleCompiler.Compile(text).Rule!;
        var facts = FakeRequest.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, request, new string('a', 10_000)));
        Assert.Equal(expected, rule.Matches(facts));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(expected, rule.Matches(facts));
        }

        // 20 timeouts would be 2 s; a linear scan of 10,000 characters takes microseconds.
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"20 matches took {clock.Elapsed}");
    }

    [Theory]
    // Go's syntax as Traefik users write it, unchanged by the linear-time engine.
    [InlineData("HostRegexp(`^(?i)[a-z0-9-]+\\.Example\\.com$`)", "GET api.example.com/", true)]
    [InlineData("PathRegexp(`^/users/(?<id>[0-9]+)$`)", "GET h/users/42", true)]
    // v2's {name:regex} placeholders are literal text in v3, in Go's regexp and here alike.
    [InlineData("HostRegexp(`^{sub:[a-z]+}\\.example\\.com$`)", "GET api.example.com/", false)]
    [InlineData("PathRegexp(`^/a/\\w{2,3}$`)", "GET h/a/abc", true)]
    [InlineData("PathRegexp(`^/a/\\w{2,3}$`)", "GET h/a/abcd", false)]
    [InlineData("PathRegexp(`^/(?:x|y)+/[^/]*$`)", "GET h/xyx/z", true)]
    public void Matches_GoRegexSyntax_MatchesAsTraefik(string text, string request, bool expected)
    {
        var rule = RuleCompiler.Compile(text).Rule!;

        Assert.Equal(expected, rule.Matches(FakeRequest.Parse(request)));
    }

    [Theory]
    [InlineData("Host(`a.com`)", 13)]
    [InlineData("Host(`a.com`) && PathPrefix(`/api`)", 35)]
    public void DefaultPriority_Rule_IsItsLength(string rule, int expected) =>
        Assert.Equal(expected, RuleCompiler.DefaultPriority(rule));
}
