using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class YamlFileSourceTests
{
    private const string Full = """
        entryPoints:
          web:
            address: ":8000"
          websecure:
            address: ":8443"
        api:
          address: 127.0.0.1:9090
        providers:
          file:
            filename: dynamic.yml
            watch: false
        log:
          level: debug
        lifecycle:
          requestAcceptGraceTimeout: 2s
          graceTimeout: 30s
        requests:
          actorMode: always
        """;

    [Theory]
    [InlineData("entrypoints.web.address", ":8000", 3)]
    [InlineData("entrypoints.websecure.address", ":8443", 5)]
    [InlineData("api.address", "127.0.0.1:9090", 7)]
    [InlineData("providers.file.filename", "dynamic.yml", 10)]
    [InlineData("providers.file.watch", "false", 11)]
    [InlineData("log.level", "debug", 13)]
    [InlineData("lifecycle.requestacceptgracetimeout", "2s", 15)]
    [InlineData("lifecycle.gracetimeout", "30s", 16)]
    [InlineData("requests.actormode", "always", 18)]
    public void Parse_TraefikShape_FlattensToLowerCaseKeysWithLines(string key, string value, int line)
    {
        var result = YamlFileSource.Parse(Full, "proxy.yml");

        Assert.Empty(result.Errors);
        Assert.Equal(9, result.Values.Count);
        Assert.Equal(value, result.Values[key].Value);
        Assert.Equal($"file proxy.yml line {line}", result.Values[key].Origin.Description);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("~\n")]
    [InlineData("providers:\n  file:\n")]
    [InlineData("log:\n  level: ~\n")]
    public void Parse_EmptyOrNull_YieldsNoValues(string text)
    {
        var result = YamlFileSource.Parse(text, "proxy.yml");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Values);
    }

    [Theory]
    [InlineData("api:\n  address: [\":1\", \":2\"]\n", "api.address in proxy.yml line 2: this option takes one value, not a list")]
    [InlineData("- a\n- b\n", "proxy.yml line 1: expected option keys such as entryPoints: at the top level")]
    [InlineData("api: {address: :1}\n---\nlog: {level: INFO}\n", "proxy.yml line 3 starts a second YAML document; write one document")]
    [InlineData("? [a, b]\n: 1\n", "proxy.yml line 1: keys must be plain words")]
    public void Parse_WrongShape_ReportsLineAndProblem(string text, string message)
    {
        var result = YamlFileSource.Parse(text, "proxy.yml");

        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("log:\n  ? &a [x, *a]\n  : y\n", "proxy.yml line 2 is not valid YAML: alias *a is inside the node &a names; a node cannot contain itself")]
    [InlineData("providers: &h {file: *h}\n", "proxy.yml line 1 is not valid YAML: alias *h is inside the node &h names; a node cannot contain itself")]
    public void Parse_AliasInsideItsOwnAnchor_ReportsLineInsteadOfOverflowingTheStack(string text, string message)
    {
        var result = YamlFileSource.Parse(text, "proxy.yml");

        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Theory]
    [InlineData("- : x\n")]
    [InlineData("api:\n  address: :1\n  {  log: x\n")]
    public void Parse_YamlTheBuilderThrowsOn_ReportsInvalidYamlInsteadOfCrashing(string text)
    {
        var result = YamlFileSource.Parse(text, "proxy.yml");

        Assert.Contains("proxy.yml", Assert.Single(result.Errors).Message);
        Assert.Contains("not valid YAML", result.Errors[0].Message);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsLineWithoutParserMarks()
    {
        var result = YamlFileSource.Parse("api:\n  address: \":1\n", "proxy.yml");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("proxy.yml line ", error.Message);
        Assert.Contains(" is not valid YAML: ", error.Message);
        Assert.DoesNotContain("Idx:", error.Message);
    }

    [Fact]
    public void Parse_QuotedEmptyString_IsAValueNotNull()
    {
        var result = YamlFileSource.Parse("api:\n  address: \"\"\n", "proxy.yml");

        Assert.Equal("", result.Values["api.address"].Value);
    }

    [Theory]
    [InlineData("[")]
    [InlineData("- ")]
    public void Parse_NestedDeeperThanTheLimit_ReportsTheLimitInsteadOfOverflowing(string level)
    {
        // 100,000 levels overflowed the stack in YamlDotNet's node loader and killed the process.
        var text = string.Concat(Enumerable.Repeat(level, 100_000)) + "x\n";

        var result = YamlFileSource.Parse(text, "proxy.yml");

        var error = Assert.Single(result.Errors);
        Assert.Equal("proxy.yml line 1 is not valid YAML: nesting deeper than 64 levels (the limit for a static configuration file)", error.Message);
    }
}

