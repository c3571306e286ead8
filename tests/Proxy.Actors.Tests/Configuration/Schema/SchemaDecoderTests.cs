using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Configuration.Schema;

public sealed class SchemaDecoderTests
{
    [Fact]
    public void Decode_EveryKind_ReadIntoTheRecords()
    {
        var t = new Tree();
        var router = t.Map(
            ("rule", t.Text("Path(`/`)")),
            ("entryPoints", t.Texts("web", "websecure")),
            ("service", t.Text("app")),
            ("priority", t.Text("7")));
        var healthCheck = t.Map(("path", t.Text("/h")), ("headers", t.Map(("X-Probe", t.Text("1")), ("X-Gone", t.Text(null)))));
        var loadBalancer = t.Map(
            ("servers", t.List(t.Map(("url", t.Text("http://a:80")), ("weight", t.Text("2"))))),
            ("passHostHeader", t.Text("false")),
            ("healthCheck", healthCheck));
        var retry = t.Map(("attempts", t.Text("3")), ("maxBodyBytes", t.Text("5000000000")));
        var root = t.Map(("http", t.Map(
            ("routers", t.Map(("web", router))),
            ("services", t.Map(("app", t.Map(("loadBalancer", loadBalancer))))),
            ("middlewares", t.Map(("r", t.Map(("retry", retry))))))));

        var decoded = SchemaDecoder.Decode(DynamicConfig.Schema, root, DecodeOptions.Yaml);

        Assert.Empty(decoded.Errors);
        var web = decoded.Value.Routers["web"];
        Assert.Equal(("Path(`/`)", "app", (int?)7), (web.Rule, web.Service, web.Priority));
        Assert.Equal<string>(["web", "websecure"], web.EntryPoints);
        Assert.True(web.Middlewares is { IsDefault: false, IsEmpty: true });
        var lb = decoded.Value.Services["app"].LoadBalancer!;
        Assert.Equal(new ServerConfig("http://a:80", 2), Assert.Single(lb.Servers));
        Assert.False(lb.PassHostHeader);
        Assert.Equal("/h", lb.HealthCheck!.Path);
        Assert.Equal(["X-Gone", "X-Probe"], lb.HealthCheck.Headers.Keys);
        Assert.Equal("", lb.HealthCheck.Headers["X-Gone"]);
        Assert.Equal(new RetryConfig(3, null, null, 5_000_000_000L), decoded.Value.Middlewares["r"].Get<RetryConfig>());
    }

    [Fact]
    public void Decode_FieldNamesInOtherCase_Matched()
    {
        var t = new Tree();
        var root = t.Map(("ENTRYPOINTS", t.Texts("web")), ("Rule", t.Text("x")));

        var decoded = SchemaDecoder.Decode(RouterConfig.Schema, root, DecodeOptions.Yaml);

        Assert.Empty(decoded.Errors);
        Assert.Equal(("x", "web"), (decoded.Value.Rule, Assert.Single(decoded.Value.EntryPoints)));
    }

    [Fact]
    public void Decode_WrongFieldInOneEntry_LeavesOutThatEntryOnly()
    {
        var t = new Tree();
        var priority = t.Text("high");
        var entryPoints = t.Text("web");
        var root = t.Map(("routers", t.Map(
            ("good", t.Map(("rule", t.Text("a")))),
            ("bad", t.Map(("rule", t.Text("b")), ("priority", priority), ("entryPoints", entryPoints))))));

        var decoded = SchemaDecoder.Decode(DynamicConfig.HttpSchema, root, DecodeOptions.Yaml, "http");

        Assert.Equal(["good"], decoded.Value.Routers.Keys);
        Assert.Equal<DecodeError>(
            [
                new DecodeError("http.routers.bad.priority", priority.Position, "expected an integer, got 'high'; router 'bad' is left out"),
                new DecodeError("http.routers.bad.entryPoints", entryPoints.Position, "expected a list, got 'web'; router 'bad' is left out"),
            ],
            decoded.Errors);
    }

    [Fact]
    public void Decode_SectionsNotServed_FlaggedIgnoredWhileTheRestDecodes()
    {
        var t = new Tree();
        var root = t.Map(
            ("tcp", t.Map(("routers", t.Text("x")))),
            ("htp", t.Map()),
            ("http", t.Map(("tcp", t.Map()), ("routers", t.Map(("web", t.Map(("rule", t.Text("a")), ("priority", t.Text("high")))))))));

        var decoded = SchemaDecoder.Decode(DynamicConfig.Schema, root, DecodeOptions.Yaml);

        Assert.Equal(
            [
                ("htp", true, "'htp' configuration is not supported (only http and tls are; did you mean 'http'?); it is ignored"),
                ("tcp", true, "'tcp' configuration is not supported (only http and tls are); it is ignored"),
                ("http.tcp", true, "'tcp' is not supported (only routers, services, middlewares and serversTransports are); it is ignored"),
                ("http.routers.web.priority", false, "expected an integer, got 'high'; router 'web' is left out"),
            ],
            decoded.Errors.Select(e => (e.Path, e.Ignored, e.Message)).OrderBy(e => e.Path.Length).ThenBy(e => e.Path, StringComparer.Ordinal));
        Assert.All(decoded.Errors.Where(e => e.Ignored), e => Assert.DoesNotContain("ignored", e.Problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Decode_UnknownFieldCloseToAKnownOne_SuggestsIt()
    {
        var t = new Tree();
        var weight = t.Text("1");
        var root = t.Map(("url", t.Text("http://a")), ("wieght", weight));

        var error = Assert.Single(SchemaDecoder.Decode(ServerConfig.Schema, root, DecodeOptions.Yaml, "servers[0]").Errors);

        Assert.Equal("servers[0].wieght", error.Path);
        Assert.Equal(weight.Position, error.Position);
        Assert.Equal("unknown or unsupported field 'wieght', did you mean 'weight'? (expected one of: url, weight)", error.Message);
    }

    [Fact]
    public void Decode_InternalFieldName_IsUnknownToOperators()
    {
        var t = new Tree();

        var error = Assert.Single(SchemaDecoder.Decode(ServerConfig.Schema, t.Map(("draining", t.Text("true"))), DecodeOptions.Yaml).Errors);

        Assert.StartsWith("unknown or unsupported field 'draining'", error.Message);
    }

    [Fact]
    public void Decode_SameFieldInTwoSpellings_ReportsTheSecondWithTheFirstsPlace()
    {
        var t = new Tree();
        var first = t.Text("a");
        var root = t.Map(("rule", first), ("Rule", t.Text("b")));

        var decoded = SchemaDecoder.Decode(RouterConfig.Schema, root, DecodeOptions.Yaml);

        Assert.Equal($"field given twice ('rule' on {first.Position!.Describe()})", Assert.Single(decoded.Errors).Message);
        Assert.Equal("a", decoded.Value.Rule);
    }

    [Fact]
    public void Decode_NotSupportedField_NamedAsSuch()
    {
        var t = new Tree();
        var root = t.Map(("rule", t.Text("Path(`/`)")), ("service", t.Text("s")), ("observability", t.Map()));

        var error = Assert.Single(SchemaDecoder.Decode(RouterConfig.Schema, root, DecodeOptions.Yaml, "r").Errors);

        Assert.Equal(("r.observability", "router field 'observability' is not supported"), (error.Path, error.Message));
    }

    [Fact]
    public void Decode_ObjectGivingNoneOfItsRequiredKinds_Reported()
    {
        var t = new Tree();

        var error = Assert.Single(SchemaDecoder.Decode(ServiceConfig.Schema, t.Map(), DecodeOptions.Yaml, "s").Errors);

        Assert.Equal(("s", "a service needs one of loadBalancer, weighted, mirroring or failover"), (error.Path, error.Message));
    }

    [Fact]
    public void Decode_UnknownMiddlewareType_KeptByName()
    {
        var t = new Tree();
        var root = t.Map(("plugin", t.Map(("average", t.Text("5")))), ("StripPrefix", t.Map(("prefixes", t.Texts("/a")))));

        var decoded = SchemaDecoder.Decode(MiddlewareConfig.Schema, root, DecodeOptions.Yaml);

        Assert.Empty(decoded.Errors);
        Assert.Equal<string>(["plugin"], decoded.Value.UnknownTypes);
        Assert.Equal(["stripPrefix"], decoded.Value.Types.Keys);
        Assert.Equal<string>(["/a"], decoded.Value.Get<StripPrefixConfig>()!.Prefixes);
    }

    [Theory]
    [InlineData(false, "expected a list, got 'web, websecure,'")]
    [InlineData(true, null)]
    public void Decode_ScalarWhereAListIsExpected_SplitOnlyWhenTheSourceSaysSo(bool scalarLists, string? expectedError)
    {
        var t = new Tree();

        var decoded = SchemaDecoder.Decode(RouterConfig.Schema, t.Map(("entryPoints", t.Text("web, websecure,"))), new DecodeOptions(scalarLists, false));

        Assert.Equal(expectedError, decoded.Errors.SingleOrDefault()?.Message);
        Assert.Equal<string>(scalarLists ? ["web", "websecure"] : [], decoded.Value.EntryPoints);
    }

    [Theory]
    [InlineData("maybe", "expected true or false, got 'maybe'")]
    [InlineData(" T ", null)]
    [InlineData("0", null)]
    public void Decode_BoolSpellings_AsGoParsesThem(string text, string? expectedError)
    {
        var t = new Tree();

        var decoded = SchemaDecoder.Decode(LoadBalancerConfig.Schema, t.Map(("passHostHeader", t.Text(text))), DecodeOptions.Yaml);

        Assert.Equal(expectedError, decoded.Errors.SingleOrDefault()?.Message);
    }

    [Fact]
    public void Decode_NothingGiven_Absent()
    {
        var t = new Tree();
        var root = t.Map(("servers", t.Text(null)), ("passHostHeader", t.Text(null)), ("healthCheck", t.Text(null)));

        var decoded = SchemaDecoder.Decode(LoadBalancerConfig.Schema, root, DecodeOptions.Yaml);

        Assert.Empty(decoded.Errors);
        Assert.True(decoded.Value.Servers.IsEmpty);
        Assert.Null(decoded.Value.PassHostHeader);
        Assert.Null(decoded.Value.HealthCheck);
    }

    [Fact]
    public void Decode_MiddlewareTypeGivenNothing_PresentWithNoOption()
    {
        var t = new Tree();

        var decoded = SchemaDecoder.Decode(MiddlewareConfig.Schema, t.Map(("headers", t.Text(null))), DecodeOptions.Yaml);

        Assert.Empty(decoded.Errors);
        Assert.Same(HeadersConfig.Empty, decoded.Value.Get<HeadersConfig>());
    }

    [Fact]
    public void Decode_ListItemOfWrongShape_ReportedAtItsIndex()
    {
        var t = new Tree();
        var root = t.Map(("servers", t.List(t.Map(("url", t.Text("http://a"))), t.Texts("x"))));

        var decoded = SchemaDecoder.Decode(LoadBalancerConfig.Schema, root, DecodeOptions.Yaml, "lb");

        var error = Assert.Single(decoded.Errors);
        Assert.Equal(("lb.servers[1]", "expected a mapping, got a list"), (error.Path, error.Message));
    }

    [Fact]
    public void Decode_RootSectionsNotSupported_NamedAndIgnored()
    {
        var t = new Tree();
        var root = t.Map(("tcp", t.Map()), ("htp", t.Map()), ("http", t.Text(null)));

        var decoded = SchemaDecoder.Decode(DynamicConfig.Schema, root, DecodeOptions.Yaml);

        Assert.Equal(
            [
                "'tcp' configuration is not supported (only http and tls are); it is ignored",
                "'htp' configuration is not supported (only http and tls are; did you mean 'http'?); it is ignored",
            ],
            decoded.Errors.Select(e => e.Message));
        Assert.Equal(DynamicConfig.Empty, decoded.Value);
    }

    [Fact]
    public void Decode_LabelPositions_DescribedByTheirKey()
    {
        var at = new KeyPosition.Label("proxy.http.routers.web.priority");
        var root = new MappingNode([new KeyEntry("priority", at, new ScalarNode("x", at))], at);

        var error = Assert.Single(SchemaDecoder.Decode(RouterConfig.Schema, root, DecodeOptions.Labels).Errors);

        Assert.Equal("label proxy.http.routers.web.priority: expected an integer, got 'x'", error.MessageWithPosition);
    }

    [Fact]
    public void Decode_NameGivenTwiceInOneMap_FirstKeptAndReported()
    {
        var t = new Tree();
        var root = t.Map(("routers", t.Map(("web", t.Map(("rule", t.Text("a")))), ("web", t.Map(("rule", t.Text("b")))))));

        var decoded = SchemaDecoder.Decode(DynamicConfig.HttpSchema, root, DecodeOptions.Labels, "http");

        Assert.Equal("a", Assert.Single(decoded.Value.Routers).Value.Rule);
        Assert.Equal(("http.routers.web", "router 'web' given twice; the first is kept"), (Assert.Single(decoded.Errors).Path, decoded.Errors[0].Message));
    }
}
