using Proxy.Actors.Routing.Rules;
using Xunit;

namespace Proxy.Actors.Tests.Routing.Rules;

public sealed class RuleCompilerErrorTests
{
    private const string Known = "ClientIP, Header, HeaderRegexp, Host, HostRegexp, Method, Path, PathPrefix, PathRegexp, Query, QueryRegexp";

    [Theory]
    // Nothing to parse.
    [InlineData("", "at position 1: rule is empty")]
    [InlineData("   ", "at position 1: rule is empty")]
    // Parentheses and argument lists.
    [InlineData("Host(`a.com`", "at position 13: expected ')' after the arguments of Host, found end of rule")]
    [InlineData("(Host(`a.com`)", "at position 15: expected ')' to close the '(' at position 1, found end of rule")]
    [InlineData("((Path(`/`))", "at position 13: expected ')' to close the '(' at position 1, found end of rule")]
    [InlineData("Host(`a.com`))", "at position 14: expected '&&', '||' or end of rule, found ')'")]
    [InlineData("()", "at position 2: expected a matcher, '!' or '(', found ')'")]
    [InlineData("Host", "at position 5: expected '(' after Host, found end of rule")]
    [InlineData("Host `a.com`", "at position 6: expected '(' after Host, found string `a.com`")]
    [InlineData("Header(`X-A` `b`)", "at position 14: expected ',' or ')' after an argument of Header, found string `b`")]
    [InlineData("Host(\"a\"\"b\")", "at position 9: expected ')' after the arguments of Host, found string \"b\"")]
    // Argument counts.
    [InlineData("Host()", "at position 6: Host takes exactly 1 argument, found 0")]
    [InlineData("Host(`a`, `b`)", "at position 11: Host takes exactly 1 argument, found 2")]
    [InlineData("Header(`X-A`)", "at position 13: Header takes exactly 2 arguments, found 1")]
    [InlineData("Query(`a`, `b`, `c`)", "at position 17: Query takes 1 or 2 arguments, found 3")]
    [InlineData("QueryRegexp(`a`)", "at position 16: QueryRegexp takes exactly 2 arguments, found 1")]
    [InlineData("Host(`a.com`,)", "at position 14: expected an argument of Host in backticks or double quotes, found ')'")]
    [InlineData("Header(, `v`)", "at position 8: expected an argument of Header in backticks or double quotes, found ','")]
    [InlineData("Host(a.com)", "at position 6: expected an argument of Host in backticks or double quotes, found 'a'")]
    // Matcher names.
    [InlineData("host(`a.com`)", "at position 1: unknown matcher 'host' (names are case-sensitive: did you mean 'Host'?); expected one of " + Known)]
    [InlineData("PATH(`/`)", "at position 1: unknown matcher 'PATH' (names are case-sensitive: did you mean 'Path'?); expected one of " + Known)]
    [InlineData("Foo(`a`)", "at position 1: unknown matcher 'Foo'; expected one of " + Known)]
    [InlineData("Path(`/`) && HostHeader(`a.com`)", "at position 14: unknown matcher 'HostHeader'; expected one of " + Known)]
    // Strings and characters.
    [InlineData("Host(`a.com", "at position 6: unterminated string: the ` opened here is never closed")]
    [InlineData("Host(\"a.com)", "at position 6: unterminated string: the \" opened here is never closed")]
    [InlineData("Host(\"a\\", "at position 6: unterminated string: the \" opened here is never closed")]
    [InlineData("Host(\"a\\n\")", "at position 8: unknown escape '\\n' in a double-quoted string; only \\\" and \\\\ are allowed")]
    [InlineData("Host('a.com')", "at position 6: single quotes are not allowed; quote arguments with backticks or double quotes")]
    [InlineData("Path(`/`) # comment", "at position 11: unexpected character '#'")]
    // Operators.
    [InlineData("Host(`a.com`) &&", "at position 17: expected a matcher, '!' or '(', found end of rule")]
    [InlineData("|| Host(`a.com`)", "at position 1: expected a matcher, '!' or '(', found '||'")]
    [InlineData("!", "at position 2: expected a matcher, '!' or '(', found end of rule")]
    [InlineData("Path(`/`) && !", "at position 15: expected a matcher, '!' or '(', found end of rule")]
    [InlineData("Path(`/`) && && Host(`a`)", "at position 14: expected a matcher, '!' or '(', found '&&'")]
    [InlineData("Host(`a.com`) Path(`/`)", "at position 15: expected '&&', '||' or end of rule, found 'Path'")]
    [InlineData("Host(`a.com`) & Path(`/`)", "at position 15: expected '&&', found a single '&'")]
    [InlineData("Host(`a.com`) | Path(`/`)", "at position 15: expected '||', found a single '|'")]
    // Semantic checks on arguments.
    [InlineData("Host(``)", "at position 6: Host needs a domain, found an empty string")]
    [InlineData("Host(`.`)", "at position 6: Host needs a domain, found '.'")]
    [InlineData("Host(`bücher.de`)", "at position 6: Host needs an ASCII (punycode) domain, found 'bücher.de'")]
    [InlineData("Path(`api`)", "at position 6: Path needs a path starting with '/', found 'api'")]
    [InlineData("PathPrefix(``)", "at position 12: PathPrefix needs a path starting with '/', found ''")]
    [InlineData("Method(`GE T`)", "at position 8: Method needs an HTTP method token, found 'GE T'")]
    [InlineData("Method(``)", "at position 8: Method needs an HTTP method token, found ''")]
    [InlineData("Header(`X Bad`, `v`)", "at position 8: Header needs a header name (an HTTP token), found 'X Bad'")]
    [InlineData("Query(``)", "at position 7: Query needs a parameter name, found an empty string")]
    [InlineData("QueryRegexp(``, `x`)", "at position 13: QueryRegexp needs a parameter name, found an empty string")]
    [InlineData("ClientIP(`10.0.0.0/33`)", "at position 10: ClientIP needs an IP address or CIDR range, found '10.0.0.0/33'")]
    [InlineData("ClientIP(`10.0.0.256`)", "at position 10: ClientIP needs an IP address or CIDR range, found '10.0.0.256'")]
    [InlineData("ClientIP(`010.0.0.1`)", "at position 10: ClientIP needs an IP address or CIDR range, found '010.0.0.1'")]
    [InlineData("ClientIP(`10.1`)", "at position 10: ClientIP needs an IP address or CIDR range, found '10.1'")]
    [InlineData("ClientIP(`fe80::1%eth0`)", "at position 10: ClientIP needs an IP address or CIDR range, found 'fe80::1%eth0'")]
    [InlineData("ClientIP(`2001:db8::/129`)", "at position 10: ClientIP needs an IP address or CIDR range, found '2001:db8::/129'")]
    [InlineData("ClientIP(`not-an-ip`)", "at position 10: ClientIP needs an IP address or CIDR range, found 'not-an-ip'")]
    [InlineData("HostRegexp(`(`)", "at position 12: HostRegexp has an invalid regular expression: insufficient closing parentheses at offset 1")]
    [InlineData("PathRegexp(`[a-`)", "at position 12: PathRegexp has an invalid regular expression: unterminated bracket at offset 3")]
    [InlineData("HeaderRegexp(`X`, `*`)", "at position 19: HeaderRegexp has an invalid regular expression: quantifier after nothing at offset 1")]
    // Go's named group; .NET writes (?<id>...).
    [InlineData("PathRegexp(`(?P<id>[0-9]+)`)", "at position 12: PathRegexp has an invalid regular expression: invalid grouping construct at offset 3")]
    // The first error in the text wins over later ones.
    [InlineData("Path(`x`) && Host(``)", "at position 6: Path needs a path starting with '/', found 'x'")]
    [InlineData("Host(`a`) && ) #", "at position 14: expected a matcher, '!' or '(', found ')'")]
    public void Compile_MalformedRule_ReturnsFirstErrorWithPosition(string rule, string expected)
    {
        var result = RuleCompiler.Compile(rule);

        Assert.False(result.IsSuccess);
        Assert.Equal(expected, result.Error.ToString());
    }

    [Theory]
    [InlineData('(')]
    [InlineData('!')]
    public void Compile_NestingBeyondLimit_ReturnsErrorInsteadOfOverflowing(char opener)
    {
        var rule = new string(opener, 10_000) + "Path(`/`)";

        var result = RuleCompiler.Compile(rule);

        Assert.Equal("at position 65: rule nests '(' and '!' deeper than 64 levels", result.Error?.ToString());
    }

    private const string LinearOnly = "rule regexes are matched in linear time, as Go's regexp in Traefik, which has no backreferences, lookarounds, atomic groups or conditionals";

    [Theory]
    [InlineData("HostRegexp(`^(a)\\1$`)", "HostRegexp `^(a)\\1$` uses a backreference (\\1) at offset 4")]
    [InlineData("PathRegexp(`(?<x>a)\\k<x>`)", "PathRegexp `(?<x>a)\\k<x>` uses a named backreference (\\k) at offset 7")]
    [InlineData("PathRegexp(`^/api(?=/v1)`)", "PathRegexp `^/api(?=/v1)` uses a lookahead (?= at offset 5")]
    [InlineData("PathRegexp(`^/api(?!/v1)`)", "PathRegexp `^/api(?!/v1)` uses a negative lookahead (?! at offset 5")]
    [InlineData("HeaderRegexp(`X`, `(?<=a)b`)", "HeaderRegexp `(?<=a)b` uses a lookbehind (?<= at offset 0")]
    [InlineData("QueryRegexp(`q`, `[(?=]x(?<!a)b`)", "QueryRegexp `[(?=]x(?<!a)b` uses a negative lookbehind (?<! at offset 6")]
    [InlineData("PathRegexp(`(?>a+)b`)", "PathRegexp `(?>a+)b` uses an atomic group (?> at offset 0")]
    [InlineData("PathRegexp(`(a)?(?(1)b|c)`)", "PathRegexp `(a)?(?(1)b|c)` uses a conditional (?( at offset 4")]
    [InlineData("PathRegexp(`(?<o>a)(?<c-o>b)`)", "PathRegexp `(?<o>a)(?<c-o>b)` uses a balancing group (?<name-other> at offset 7")]
    [InlineData("PathRegexp(`\\Ga`)", "PathRegexp `\\Ga` uses the \\G anchor at offset 0")]
    public void Compile_RegexNeedingBacktracking_ReturnsErrorNamingTheConstruct(string rule, string expected)
    {
        var result = RuleCompiler.Compile(rule);

        Assert.False(result.IsSuccess);
        Assert.Equal($"{expected}; {LinearOnly}", result.Error!.Message);
    }
}

