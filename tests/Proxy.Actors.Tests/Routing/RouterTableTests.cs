using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Rules;
using Xunit;

namespace Proxy.Actors.Tests.Routing;

public sealed class RouterTableTests
{
    private static RouterTableEntry<string> Entry(string name, int priority, string rule)
    {
        var compiled = RuleCompiler.Compile(rule);
        Assert.True(compiled.IsSuccess, compiled.Error?.ToString());
        return new RouterTableEntry<string>(name, name, priority, compiled.Rule);
    }

    private static string? Match(RouterTable<string> table, string request) => table.Match(FakeRequest.Parse(request));

    [Fact]
    public void Match_SeveralMatching_ReturnsHighestPriority()
    {
        var table = RouterTable<string>.Build(
        [
            Entry("low", 1, "PathPrefix(`/`)"),
            Entry("high", 10, "PathPrefix(`/api`)"),
            Entry("mid", 5, "PathPrefix(`/a`)"),
        ]);

        Assert.Equal("high", Match(table, "GET h/api/x"));
        Assert.Equal("mid", Match(table, "GET h/about"));
        Assert.Equal("low", Match(table, "GET h/other"));
    }

    [Fact]
    public void Match_TieOnPriority_ReturnsOrdinallySmallestName()
    {
        var table = RouterTable<string>.Build(
        [
            Entry("b", 5, "PathPrefix(`/`)"),
            Entry("a", 5, "PathPrefix(`/`)"),
            Entry("B", 5, "PathPrefix(`/`)"),
        ]);

        Assert.Equal("B", Match(table, "GET h/"));
    }

    [Fact]
    public void Match_TieBetweenHostAndGenericRoutes_ReturnsOrdinallySmallestName()
    {
        var table = RouterTable<string>.Build(
        [
            Entry("z-host", 5, "Host(`a.com`)"),
            Entry("a-generic", 5, "PathPrefix(`/`)"),
        ]);

        Assert.Equal("a-generic", Match(table, "GET a.com/"));
    }

    [Fact]
    public void Match_GenericRouteWithHigherPriority_WinsOverHostRoute()
    {
        var table = RouterTable<string>.Build(
        [
            Entry("host", 5, "Host(`a.com`)"),
            Entry("generic", 50, "PathPrefix(`/api`)"),
        ]);

        Assert.Equal("generic", Match(table, "GET a.com/api"));
        Assert.Equal("host", Match(table, "GET a.com/web"));
    }

    [Fact]
    public void Match_HostRouteWithHigherPriority_WinsOverGenericRoute()
    {
        var table = RouterTable<string>.Build(
        [
            Entry("host", 50, "Host(`a.com`)"),
            Entry("generic", 5, "PathPrefix(`/`)"),
        ]);

        Assert.Equal("host", Match(table, "GET a.com/"));
        Assert.Equal("generic", Match(table, "GET b.com/"));
    }

    [Fact]
    public void Match_HostRouteRestFails_FallsThroughToLowerGenericRoute()
    {
        var table = RouterTable<string>.Build(
        [
            Entry("host-x", 50, "Host(`a.com`) && Path(`/x`)"),
            Entry("generic", 5, "PathPrefix(`/`)"),
        ]);

        Assert.Equal("generic", Match(table, "GET a.com/y"));
    }

    [Theory]
    [InlineData("GET a.com/")]
    [InlineData("GET A.COM/")]
    [InlineData("GET a.com:8443/")]
    [InlineData("GET A.Com:80/")]
    [InlineData("GET a.com./")]
    public void Match_RequestHostWithPortOrCase_FindsHostRoute(string request)
    {
        var table = RouterTable<string>.Build([Entry("host", 1, "Host(`a.com`)")]);

        Assert.Equal("host", Match(table, request));
    }

    [Fact]
    public void Match_RuleOverSeveralHosts_FoundUnderEach()
    {
        var table = RouterTable<string>.Build([Entry("both", 1, "Host(`a.com`) || Host(`b.com`)")]);

        Assert.Equal("both", Match(table, "GET a.com/"));
        Assert.Equal("both", Match(table, "GET b.com/"));
        Assert.Null(Match(table, "GET c.com/"));
    }

    [Fact]
    public void Match_NothingMatches_ReturnsNull()
    {
        var table = RouterTable<string>.Build([Entry("host", 1, "Host(`a.com`)"), Entry("path", 1, "Path(`/x`)")]);

        Assert.Null(Match(table, "GET b.com/y"));
    }

    [Fact]
    public void Build_NoEntries_EmptyTableMatchesNothing()
    {
        var table = RouterTable<string>.Build([]);

        Assert.Equal(0, table.Count);
        Assert.Null(Match(table, "GET a.com/"));
    }

    [Fact]
    public void Build_EntriesIncludingUnmatchableHostSet_CountsAll()
    {
        var table = RouterTable<string>.Build([Entry("never", 1, "Host(`a.com`) && Host(`b.com`)"), Entry("host", 1, "Host(`a.com`)")]);

        Assert.Equal(2, table.Count);
        Assert.Equal("host", Match(table, "GET a.com/"));
    }

    [Fact]
    public void Match_TenThousandHostRoutes_ReturnsEachHostsRoute()
    {
        var entries = Enumerable.Range(0, 10_000)
            .Select(i => Entry($"r{i}", RuleCompiler.DefaultPriority($"Host(`h{i}.example.com`)"), $"Host(`h{i}.example.com`)"))
            .Append(Entry("fallback", 1, "PathPrefix(`/`)"))
            .ToList();

        var table = RouterTable<string>.Build(entries);

        Assert.Equal(10_001, table.Count);
        Assert.Equal("r0", Match(table, "GET h0.example.com/"));
        Assert.Equal("r4242", Match(table, "GET H4242.Example.com:8080/"));
        Assert.Equal("r9999", Match(table, "GET h9999.example.com/"));
        Assert.Equal("fallback", Match(table, "GET unknown.example.com/"));
    }

    [Fact]
    public void Match_TenThousandHostRoutes_TriesOnlyTheRequestHostsRoutes()
    {
        var calls = new CallCounter();
        var entries = Enumerable.Range(0, 10_000)
            .Select(i => new RouterTableEntry<string>(
                $"r{i}", $"r{i}", 1, new CompiledRule($"counted h{i}", new CountingHostMatcher($"h{i}.example.com", calls))))
            .ToList();
        var table = RouterTable<string>.Build(entries);

        var route = Match(table, "GET h777.example.com/");

        Assert.Equal("r777", route);
        Assert.Equal(1, calls.Count);
    }

    private sealed class CallCounter
    {
        public int Count { get; set; }
    }

    // Behaves like Host but counts evaluations, to show the table does not scan every route.
    private sealed record CountingHostMatcher(string Host, CallCounter Calls) : RuleMatcher
    {
        public override bool Matches(IRequestFacts request)
        {
            Calls.Count++;
            return new HostMatcher(Host).Matches(request);
        }

        public override System.Collections.Immutable.ImmutableSortedSet<string>? RequiredHosts() =>
            new HostMatcher(Host).RequiredHosts();
    }
}
