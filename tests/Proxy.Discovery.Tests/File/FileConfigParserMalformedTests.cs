using Proxy.Discovery.File;
using Xunit;

namespace Proxy.Discovery.Tests.File;

/// <summary>Files found by ops/fuzz on which the YAML library throws something other than a YamlException.</summary>
public sealed class FileConfigParserMalformedTests
{
    private const string Path = "/etc/proxy/dynamic.yml";

    [Theory]
    // A sequence entry whose mapping has an empty key (YamlDotNet: ArgumentException).
    [InlineData("http:\n  services:\n    s:\n      loadBalancer:\n        servers: &servers\n          - : http://127.0.0.4:80\n        healthCheck: {path: /h}\n", "line 7, column 9: ")]
    // A flow mapping broken across lines by a stray brace (YamlDotNet: InvalidOperationException).
    [InlineData("http:\n  routers:\n    web:\n      rule: \"PathPrefix(`/`)\"\n    {  service: web\n  services:\n    web:\n      loadBalancer:\n        servers:\n          - url: \"\"http\r\n://127.0.0.2:8081\"\n", "line ")]
    [InlineData("http: {routers: {a: {rrouters:\nule: \"Host(`a\n`)\", service: s, entryPoints: [web]}}, services: {s: {loadBalancer: {servers: [{url: \"http://127.0.0.3:80\", weight: 2}]}}}}\n", "line ")]
    public void Parse_BuilderThrowsOnMalformedFile_UnreadableWithPosition(string yaml, string expectedPrefix)
    {
        var unreadable = Assert.IsType<FileParseResult.Unreadable>(FileConfigParser.Parse(yaml, Path));

        var error = Assert.Single(unreadable.Errors);
        Assert.Equal($"file:{Path}", error.Source);
        Assert.StartsWith(expectedPrefix, error.Message, StringComparison.Ordinal);
        Assert.EndsWith("not valid YAML: a key, a value or a bracket is missing or out of place", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // As a mapping key, hashing the node that contains itself overflowed the stack and ended the process.
    [InlineData("http:\n  routers:\n    ? &a [x, *a]\n    : y\n", "line 3, column 14: alias *a is inside the node &a names")]
    [InlineData("http: &h {routers: *h}\n", "line 1, column 20: alias *h is inside the node &h names")]
    [InlineData("http:\n  services: &s\n    s:\n      loadBalancer: {servers: [*s]}\n", "line 4, column 32: alias *s is inside the node &s names")]
    public void Parse_AliasInsideItsOwnAnchor_UnreadableWithPosition(string yaml, string expectedPrefix)
    {
        var unreadable = Assert.IsType<FileParseResult.Unreadable>(FileConfigParser.Parse(yaml, Path));

        Assert.StartsWith(expectedPrefix, Assert.Single(unreadable.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AliasToFinishedAnchor_Read()
    {
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(
            "http:\n  routers:\n    a: &r {rule: \"Path(`/a`)\", service: s}\n    b: *r\n", Path));

        Assert.Equal(["a", "b"], parsed.Config.Routers.Keys);
    }
}
