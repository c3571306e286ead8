using System.Collections.Immutable;
using Proxy.Actors.Cluster;
using Xunit;
using static Proxy.Actors.Cluster.ObservedHealth;

namespace Proxy.Actors.Tests.Cluster;

public sealed class SharedHealthRuleTests
{
    private const string A = "10.0.0.1:4053";
    private const string B = "10.0.0.2:4053";
    private const string C = "10.0.0.3:4053";
    private const string D = "10.0.0.4:4053";
    private const string Url = "http://172.18.0.2:80";
    private const long Now = 1_760_000_000_000L;

    public static TheoryData<string, string[], BackendObservation[], SharedVerdict?> Verdicts() => new()
    {
        // An ejection by any other node, owner or not, until it expires.
        { "ejected by a non-owner", [C], [Seen(B, Ejected, "connection refused", Now + 2_000)], new(Ejected, $"ejected by node {B}: connection refused", Now + 2_000) },
        { "ejected without expiry", [], [Seen(B, Ejected, "5 failures")], new(Ejected, $"ejected by node {B}: 5 failures") },
        { "ejection expiring a millisecond from now", [], [Seen(B, Ejected, "refused", Now + 1)], new(Ejected, $"ejected by node {B}: refused", Now + 1) },
        { "ejection expired now", [], [Seen(B, Ejected, "refused", Now)], null },
        { "ejection expired before", [], [Seen(B, Ejected, "refused", Now - 1)], null },
        { "own ejection alone", [A], [Seen(A, Ejected, "refused", Now + 2_000)], null },
        { "ejection beats the owner's draining", [B], [Seen(B, Draining, "stop signal"), Seen(C, Ejected, "refused")], new(Ejected, $"ejected by node {C}: refused") },
        { "first ejecting node by name", [], [Seen(C, Ejected, "c"), Seen(B, Ejected, "b")], new(Ejected, $"ejected by node {B}: b") },

        // Draining and DOWN count from a node that declares the server.
        { "draining at the owner", [B], [Seen(B, Draining, "stop signal")], new(Draining, $"draining at node {B}: stop signal") },
        { "draining at a non-owner", [C], [Seen(B, Draining, "stop signal")], null },
        { "draining at this node, the owner", [A], [Seen(A, Draining, "stop signal")], null },
        { "down at the owner", [B], [Seen(B, Down, "health check 503")], new(Down, $"down at node {B}, which watches it: health check 503") },
        { "owner's draining beats its down", [B, C], [Seen(B, Down, "503"), Seen(C, Draining, "stop signal")], new(Draining, $"draining at node {C}: stop signal") },
        { "down at a non-owner alone", [C], [Seen(B, Down, "timeout")], null },
        { "up everywhere", [B], [Seen(B, Up, ""), Seen(C, Up, "")], null },
        { "expired down at the owner", [B], [Seen(B, Down, "503", Now)], null },
    };

    [Theory]
    [MemberData(nameof(Verdicts))]
    public void Decide_ThreeMembers_FollowsTheRule(string scenario, string[] owners, BackendObservation[] reports, SharedVerdict? expected)
    {
        var verdicts = SharedHealthRule.Decide(reports, A, Owners(owners), members: 3, Now);

        Assert.True(expected == verdicts.GetValueOrDefault(Url), $"{scenario}: expected {expected?.ToString() ?? "no verdict"}, got {verdicts.GetValueOrDefault(Url)?.ToString() ?? "no verdict"}");
    }

    // Nobody owns the URL here: only the majority of DOWN reports can produce a verdict. This node is A.
    public static TheoryData<int, string[], string?> Majorities() => new()
    {
        { 1, [A], null },
        { 2, [B], null },
        { 2, [A, B], "down at 2 of 2 nodes: at B" },
        { 3, [A], null },
        { 3, [B], null },
        { 3, [A, B], "down at 2 of 3 nodes: at B" },
        { 3, [B, C], "down at 2 of 3 nodes: at B" },
        { 3, [A, B, C], "down at 3 of 3 nodes: at B" },
        { 4, [B, C], null },
        { 4, [A, B], null },
        { 4, [A, B, C], "down at 3 of 4 nodes: at B" },
        { 4, [B, C, D], "down at 3 of 4 nodes: at B" },
    };

    [Theory]
    [MemberData(nameof(Majorities))]
    public void Decide_DownAtSomeNodes_DownOnlyWithAStrictMajority(int members, string[] down, string? expected)
    {
        var reports = down.Select(node => Seen(node, Down, node == B ? "at B" : $"at {node}"));

        var verdicts = SharedHealthRule.Decide(reports, A, Owners([]), members, Now);

        Assert.Equal(expected, verdicts.GetValueOrDefault(Url)?.Reason);
        Assert.Equal(expected is null ? null : Down, verdicts.GetValueOrDefault(Url)?.Health);
    }

    [Fact]
    public void Decide_SameNodeReportingTwice_CountsOnce()
    {
        var verdicts = SharedHealthRule.Decide([Seen(B, Down, "1"), Seen(B, Down, "2")], A, Owners([]), 3, Now);

        Assert.Empty(verdicts);
    }

    [Fact]
    public void Decide_ExpiredDown_DoesNotCountTowardsTheMajority()
    {
        var verdicts = SharedHealthRule.Decide([Seen(B, Down, "1"), Seen(C, Down, "2", Now)], A, Owners([]), 3, Now);

        Assert.Empty(verdicts);
    }

    [Fact]
    public void Decide_SeveralServers_DecidedEachOnItsOwn()
    {
        var reports = new[]
        {
            Seen(B, Ejected, "refused") with { ServerUrl = "http://one:80" },
            Seen(B, Down, "503") with { ServerUrl = "http://two:80" },
            Seen(B, Draining, "stop") with { ServerUrl = "http://three:80" },
        };
        var owners = ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty.Add("http://three:80", [B]);

        var verdicts = SharedHealthRule.Decide(reports, A, owners, 3, Now);

        Assert.Equal(
            new[] { "http://one:80 Ejected", "http://three:80 Draining" },
            verdicts.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value.Health}"));
    }

    private static BackendObservation Seen(string node, ObservedHealth health, string reason, long expiresAt = 0) =>
        new(node, Url, health, reason, Now - 100, expiresAt);

    private static ImmutableDictionary<string, ImmutableSortedSet<string>> Owners(string[] nodes) =>
        nodes.Length == 0
            ? ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty
            : ImmutableDictionary<string, ImmutableSortedSet<string>>.Empty.Add(Url, [.. nodes]);
}
