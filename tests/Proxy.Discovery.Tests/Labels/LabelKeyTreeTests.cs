using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Labels;

/// <summary>What the key tree adds to the label grammar: [n] indices, and the labels that cannot form a tree.</summary>
public sealed class LabelKeyTreeTests
{
    private static LabelParseResult Parse(params (string Key, string Value)[] labels) =>
        LabelParser.Parse(Containers.Labels(labels), "proxy");

    private static (string Label, string Path, string Problem, bool LeavesOutContainer)[] Problems(LabelParseResult result) =>
        [.. result.Problems.Select(p => (p.Label, p.Path, p.Problem, p.LeavesOutContainer))];

    [Fact]
    public void Parse_IndexedItems_ReadAsListInIndexOrder()
    {
        // Ordinal order puts [10] before [2]: the index, not the label order, places an item.
        var labels = Enumerable.Range(0, 11).Select(i => ($"proxy.http.middlewares.m.stripprefix.prefixes[{i}]", $"/p{i}")).ToArray();

        var result = Parse(labels);

        Assert.Empty(Problems(result));
        Assert.Equal(["middleware m: StripPrefix [/p0,/p1,/p2,/p3,/p4,/p5,/p6,/p7,/p8,/p9,/p10]"], ConfigText.Lines(result.Config.Config));
    }

    [Fact]
    public void Parse_IndexedItemWithComma_KeepsTheCommaInTheItem()
    {
        var result = Parse(
            ("proxy.http.routers.r.entrypoints[0]", "web"),
            ("proxy.http.routers.r.entrypoints[1]", " websecure "),
            ("proxy.http.routers.r.middlewares[0]", "a,b"));

        Assert.Empty(Problems(result));
        Assert.Equal(["router r: rule= service= entrypoints=web,websecure middlewares=a,b"], ConfigText.Lines(result.Config.Config));
    }

    [Fact]
    public void Parse_GapInIndices_LeavesOutTheObjectNamingTheMissingIndex()
    {
        var result = Parse(
            ("proxy.http.middlewares.m.stripprefix.prefixes[0]", "/a"),
            ("proxy.http.middlewares.m.stripprefix.prefixes[2]", "/c"),
            ("proxy.http.middlewares.ok.addprefix.prefix", "/x"));

        Assert.Equal(
            [
                ("proxy.http.middlewares.m.stripprefix.prefixes[2]", "http.middlewares.m.stripPrefix.prefixes",
                    "has item [2] (label proxy.http.middlewares.m.stripprefix.prefixes[2]) but no item [1]; list indices count from 0 without a gap; middleware 'm' is left out",
                    false),
            ],
            Problems(result));
        Assert.Equal(["middleware ok: AddPrefixConfig { Prefix = /x }"], ConfigText.Lines(result.Config.Config));
    }

    [Fact]
    public void Parse_IndicesAndCommaListForOneKey_ReportsBothLabels()
    {
        var result = Parse(
            ("proxy.http.middlewares.m.stripprefix.prefixes", "/a,/b"),
            ("proxy.http.middlewares.m.stripprefix.prefixes[0]", "/c"));

        Assert.Equal(
            [
                ("proxy.http.middlewares.m.stripprefix.prefixes[0]", "http.middlewares.m.stripPrefix.prefixes",
                    "label proxy.http.middlewares.m.stripprefix.prefixes gives it a value and label proxy.http.middlewares.m.stripprefix.prefixes[0] gives [n] items of it; "
                    + "a key has a value, keys below it, or [n] items, only one of them; middleware 'm' is left out",
                    false),
            ],
            Problems(result));
        Assert.Empty(result.Config.Config.Middlewares);
    }

    [Fact]
    public void Parse_KeyWithValueAndKeysBelow_LeavesOutTheRouterOnly()
    {
        var result = Parse(
            ("proxy.http.routers.a.rule", "Host(`a`)"),
            ("proxy.http.routers.a.rule.x", "y"),
            ("proxy.http.routers.b.rule", "Host(`b`)"));

        Assert.Equal(
            [
                ("proxy.http.routers.a.rule.x", "http.routers.a.rule",
                    "label proxy.http.routers.a.rule gives it a value and label proxy.http.routers.a.rule.x gives keys below it; "
                    + "a key has a value, keys below it, or [n] items, only one of them; router 'a' is left out",
                    false),
            ],
            Problems(result));
        Assert.Equal(["router b: rule=Host(`b`) service="], ConfigText.Lines(result.Config.Config));
        Assert.True(result.RoutersLeftOut);
    }

    [Fact]
    public void Parse_KeysBelowThenValueInOtherCase_ReportsTheConflictToo()
    {
        // "Rule.x" sorts before "rule": the keys come first, the value second.
        var result = Parse(("proxy.http.routers.a.Rule.x", "y"), ("proxy.http.routers.a.rule", "Host(`a`)"));

        Assert.Equal(
            [
                ("proxy.http.routers.a.rule", "http.routers.a.rule",
                    "label proxy.http.routers.a.Rule.x gives keys below it and label proxy.http.routers.a.rule gives it a value; "
                    + "a key has a value, keys below it, or [n] items, only one of them; router 'a' is left out",
                    false),
            ],
            Problems(result));
    }

    [Fact]
    public void Parse_IndexedAndNamedKeysBelowOneKey_ReportsBoth()
    {
        var result = Parse(("proxy.http.routers.a.middlewares.x", "m"), ("proxy.http.routers.a.middlewares[0]", "m"));

        Assert.Equal(
            [
                ("proxy.http.routers.a.middlewares[0]", "http.routers.a.middlewares",
                    "label proxy.http.routers.a.middlewares.x gives keys below it and label proxy.http.routers.a.middlewares[0] gives [n] items of it; "
                    + "a key has a value, keys below it, or [n] items, only one of them; router 'a' is left out",
                    false),
            ],
            Problems(result));
    }

    public static TheoryData<string, string, string> BadKeys => new()
    {
        { "proxy.http.routers.a.entrypoints[x]", "http.routers.a", "expected a field name, got 'entrypoints[x]' (an index is written name[n], n from 0 to 999); router 'a' is left out" },
        { "proxy.http.routers.a.entrypoints[1000]", "http.routers.a", "expected a field name, got 'entrypoints[1000]' (an index is written name[n], n from 0 to 999); router 'a' is left out" },
        { "proxy.http.routers.a.entrypoints[0", "http.routers.a", "expected a field name, got 'entrypoints[0' (an index is written name[n], n from 0 to 999); router 'a' is left out" },
        { "proxy.http.routers.a..rule", "http.routers.a", "expected a field name, got an empty part (two dots in a row, or a dot at the end); router 'a' is left out" },
        { "proxy.http.routers.a.", "http.routers.a", "expected a field name, got an empty part (two dots in a row, or a dot at the end); router 'a' is left out" },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Parse_BadKeyInsideRouter_LeavesOutThatRouter(string label, string path, string problem)
    {
        var result = Parse((label, "x"), ("proxy.http.routers.b.rule", "Host(`b`)"));

        Assert.Equal([(label, path, problem, false)], Problems(result));
        Assert.Equal(["router b: rule=Host(`b`) service="], ConfigText.Lines(result.Config.Config));
    }

    [Fact]
    public void Parse_KeyDeeperThanTheLimit_NamesTheLimitAndLeavesOutTheContainer()
    {
        var label = "proxy." + string.Join('.', Enumerable.Repeat("a", 40));

        var result = Parse((label, "x"));

        Assert.Equal([(label, "", "expected a field name, got a key of 40 parts (at most 32 are read)", true)], Problems(result));
    }

    [Fact]
    public void Parse_HeaderNamesInTwoCases_ReportedAsGivenTwice()
    {
        var result = Parse(
            ("proxy.http.middlewares.m.headers.customrequestheaders.X-A", "1"),
            ("proxy.http.middlewares.m.headers.customrequestheaders.x-a", "2"));

        Assert.Equal(
            [
                ("proxy.http.middlewares.m.headers.customrequestheaders.x-a", "http.middlewares.m.headers.customRequestHeaders.X-A",
                    "given twice (also as label proxy.http.middlewares.m.headers.customrequestheaders.X-A); keys are case-insensitive; middleware 'm' is left out",
                    false),
            ],
            Problems(result));
    }

    [Fact]
    public void Parse_ServersList_IsNotGivenByLabels()
    {
        var result = Parse(("proxy.http.services.s.loadbalancer.servers[0].url", "http://10.0.0.1/"));

        Assert.Equal(
            [
                ("proxy.http.services.s.loadbalancer.servers[0].url", "http.services.s.loadBalancer.servers",
                    "servers are not given by labels: the container is the server of its services (use server.port, server.scheme, server.url or server.weight); service 's' is left out",
                    false),
            ],
            Problems(result));
        Assert.True(result.ServicesLeftOut);
    }

    [Fact]
    public void Parse_BadServerLabel_LeavesOutItsServiceOnly()
    {
        var result = Parse(
            ("proxy.http.services.a.loadbalancer.server.port", "99999"),
            ("proxy.http.services.b.loadbalancer.server.port", "8080"));

        Assert.Equal(
            [("proxy.http.services.a.loadbalancer.server.port", "http.services.a.loadBalancer.server.port", "99999 is not a port number (1-65535); service 'a' is left out", false)],
            Problems(result));
        Assert.Equal(["service b: servers=[]"], ConfigText.Lines(result.Config.Config));
        Assert.Equal(["b"], result.Config.Servers.Keys);
        Assert.True(result.ServicesLeftOut);
    }
}
