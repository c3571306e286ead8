using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Proxy.Actors.Cluster.Formation;
using Xunit;

namespace Proxy.Actors.Tests.Cluster.Formation;

/// <summary>
/// Akka Cluster Bootstrap's rule on a fake clock: each test plays what a node sees round after round
/// (lookups, answers) and moves the clock instead of waiting.
/// </summary>
public sealed class FormationPolicyTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Validity = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));

    private static ContactPoint Point(int last, int port = 4040) => new(IPAddress.Parse($"127.0.0.{last}"), port);

    private static ContactPointLookup Found(params int[] lasts) => ContactPointLookup.Found(lasts.Select(l => Point(l)));

    private static ProbeAnswer NotYet(DateTimeOffset at) => new(at, []);

    private FormationObservations Seen(params int[] lasts) => FormationObservations.Start(_clock.GetUtcNow()).Looked(Found(lasts), _clock.GetUtcNow());

    private FormationObservations AllAnswered(FormationObservations observations, ContactPoint? self) =>
        observations.ContactPoints.Where(c => c != self).Aggregate(observations, (o, c) => o.Answered(c, NotYet(_clock.GetUtcNow())));

    private FormationDecision Decide(FormationObservations observations, ContactPoint? self, int required = FormationSettings.DefaultRequiredContactPoints) =>
        FormationPolicy.Decide(observations, self, Margin, required, Validity, _clock.GetUtcNow());

    [Fact]
    public void Decide_LowestAfterExactlyTheStableMargin_FormsItself()
    {
        var observations = Seen(1, 2, 3);
        _clock.Advance(Margin - TimeSpan.FromMilliseconds(1));
        observations = AllAnswered(observations.Looked(Found(3, 2, 1), _clock.GetUtcNow()), Point(1));

        var before = Decide(observations, Point(1));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var at = Decide(observations, Point(1));

        Assert.Equal(FormationWait.Unstable, Assert.IsType<FormationDecision.Wait>(before).Kind);
        Assert.Equal([Point(1), Point(2), Point(3)], Assert.IsType<FormationDecision.FormSelf>(at).ContactPoints);
    }

    [Fact]
    public void Decide_SetChangesWhileMarginCounts_MarginStartsAgain()
    {
        var observations = Seen(1, 2);
        _clock.Advance(TimeSpan.FromSeconds(4));
        observations = observations.Looked(Found(1, 2, 3), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(4));
        observations = AllAnswered(observations, Point(1));

        var decision = Decide(observations, Point(1));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var later = Decide(AllAnswered(observations, Point(1)), Point(1));

        Assert.Equal(FormationWait.Unstable, Assert.IsType<FormationDecision.Wait>(decision).Kind);
        Assert.IsType<FormationDecision.FormSelf>(later);
    }

    [Fact]
    public void Decide_NotTheLowest_WaitsForTheLowestNamingIt()
    {
        var observations = Seen(1, 2, 3);
        _clock.Advance(Margin);

        var decision = Assert.IsType<FormationDecision.Wait>(Decide(AllAnswered(observations, Point(2)), Point(2)));

        Assert.Equal(FormationWait.NotLowest, decision.Kind);
        Assert.Contains("waiting for 127.0.0.1:4040", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AddressesOrderedAsNumbers_127_0_0_9IsLowerThan127_0_0_10()
    {
        var observations = Seen(10, 9);
        _clock.Advance(Margin);

        Assert.IsType<FormationDecision.FormSelf>(Decide(AllAnswered(observations, Point(9)), Point(9)));
        Assert.IsType<FormationDecision.Wait>(Decide(AllAnswered(observations, Point(10)), Point(10)));
    }

    [Fact]
    public void Decide_EveryNodeOfOneStableSet_ExactlyOneForms()
    {
        int[] nodes = [5, 3, 11, 7, 2];
        var observations = Seen(nodes);
        _clock.Advance(Margin);

        var forming = nodes.Where(n => Decide(AllAnswered(observations, Point(n)), Point(n)) is FormationDecision.FormSelf).ToList();

        Assert.Equal([2], forming);
    }

    [Fact]
    public void Decide_APeerIsAMember_JoinsItsClusterAtOnceEvenBeforeTheMargin()
    {
        var observations = Seen(1, 2, 3).Answered(Point(3), new ProbeAnswer(_clock.GetUtcNow(), ["akka.tcp://proxy@127.0.0.3:4040", "akka.tcp://proxy@127.0.0.9:4040"]));

        var decision = Decide(observations, Point(1));

        Assert.Equal(["akka.tcp://proxy@127.0.0.3:4040", "akka.tcp://proxy@127.0.0.9:4040"], Assert.IsType<FormationDecision.JoinExisting>(decision).Seeds.ToArray());
    }

    [Fact]
    public void Decide_JoinedPeerAppearsWhileTheLowestCountsTheMargin_TheLowestJoinsInsteadOfForming()
    {
        var observations = AllAnswered(Seen(1, 2, 3), Point(1));
        _clock.Advance(Margin - TimeSpan.FromSeconds(1));
        observations = observations.Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), ["akka.tcp://proxy@127.0.0.2:4040"]));
        _clock.Advance(TimeSpan.FromSeconds(1));
        observations = observations.Answered(Point(3), NotYet(_clock.GetUtcNow()));

        Assert.IsType<FormationDecision.JoinExisting>(Decide(observations, Point(1)));
    }

    [Fact]
    public void Decide_SelfNotAmongTheAddresses_NeverForms()
    {
        var observations = Seen(1, 2);
        _clock.Advance(TimeSpan.FromMinutes(1));

        var absent = Assert.IsType<FormationDecision.Wait>(Decide(AllAnswered(observations, null), Point(0)));
        var unknown = Assert.IsType<FormationDecision.Wait>(Decide(AllAnswered(observations, null), null));

        Assert.Equal(FormationWait.NotAContactPoint, absent.Kind);
        Assert.Contains("127.0.0.0:4040", absent.Reason, StringComparison.Ordinal);
        Assert.Equal(FormationWait.NotAContactPoint, unknown.Kind);
    }

    [Fact]
    public void Decide_SameHostOtherPort_IsNotThisNode()
    {
        var observations = Seen(1, 2);
        _clock.Advance(Margin);

        var decision = Decide(AllAnswered(observations, null), Point(1, port: 4041));

        Assert.Equal(FormationWait.NotAContactPoint, Assert.IsType<FormationDecision.Wait>(decision).Kind);
    }

    [Fact]
    public void Decide_APeerDidNotAnswerRecently_LowestWaitsNamingIt()
    {
        var observations = AllAnswered(Seen(1, 2, 3), Point(1));
        _clock.Advance(Margin);
        observations = observations.Answered(Point(2), NotYet(_clock.GetUtcNow()));

        var decision = Assert.IsType<FormationDecision.Wait>(Decide(observations, Point(1)));

        Assert.Equal(FormationWait.Unanswered, decision.Kind);
        Assert.Contains("127.0.0.3:4040", decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.2:4040 (", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PartialSetStableOnOneNode_OnlyThatSetsLowestCanForm_AndItSeesTheOthersAsMembersNext()
    {
        // Node 2 sees only {2, 3} (a DNS answer without node 1) while node 1 sees {1, 2, 3}: node 2 is the
        // lowest of its set and forms; node 1 then hears node 2 answer as a member and joins, never forming.
        var partial = Seen(2, 3);
        var full = Seen(1, 2, 3);
        _clock.Advance(Margin);
        partial = AllAnswered(partial, Point(2));
        Assert.IsType<FormationDecision.FormSelf>(Decide(partial, Point(2)));

        full = full.Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), ["akka.tcp://proxy@127.0.0.2:4040"]))
            .Answered(Point(3), NotYet(_clock.GetUtcNow()));

        Assert.IsType<FormationDecision.JoinExisting>(Decide(full, Point(1)));
    }

    [Theory]
    [InlineData(new[] { 1 }, 1, true)]
    [InlineData(new[] { 1 }, 2, false)]
    [InlineData(new[] { 1, 2 }, 2, true)]
    [InlineData(new[] { 1, 2 }, 3, false)]
    [InlineData(new[] { 1, 2, 3 }, 3, true)]
    public void Decide_LowestOfAStableSet_FormsOnlyWithTheRequiredContactPoints(int[] seen, int required, bool forms)
    {
        var observations = Seen(seen);
        _clock.Advance(Margin);

        var decision = Decide(AllAnswered(observations, Point(1)), Point(1), required);

        if (forms)
        {
            Assert.IsType<FormationDecision.FormSelf>(decision);
        }
        else
        {
            var wait = Assert.IsType<FormationDecision.Wait>(decision);
            Assert.Equal(FormationWait.TooFewContactPoints, wait.Kind);
            Assert.Contains($"{seen.Length} of the {required} addresses required", wait.Reason, StringComparison.Ordinal);
            Assert.Contains("--cluster.bootstrap.requiredcontactpoints", wait.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decide_OnlyItselfByDefault_KeepsWaitingAndJoinsTheClusterAnotherFormed()
    {
        // Two nodes each seeing only themselves (a DNS that lists a node late): with Akka's default of two
        // neither forms, so the first cluster formed is the one they all join.
        var alone = Seen(1);
        _clock.Advance(Margin * 10);
        Assert.Equal(FormationWait.TooFewContactPoints, Assert.IsType<FormationDecision.Wait>(Decide(alone, Point(1))).Kind);

        var joined = alone.Looked(Found(1, 2), _clock.GetUtcNow())
            .Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), ["akka.tcp://proxy@127.0.0.2:4040"]));

        Assert.IsType<FormationDecision.JoinExisting>(Decide(joined, Point(1)));
    }

    [Fact]
    public void Decide_LookupFailed_WaitsWithTheErrorAndNeverForms()
    {
        var observations = AllAnswered(Seen(1, 2), Point(1));
        _clock.Advance(Margin);
        observations = observations.Looked(ContactPointLookup.Failed("proxy does not exist (NXDOMAIN) at 127.0.0.1:5353"), _clock.GetUtcNow());

        var decision = Assert.IsType<FormationDecision.Wait>(Decide(observations, Point(1)));

        Assert.Equal(FormationWait.LookupFailed, decision.Kind);
        Assert.Equal("proxy does not exist (NXDOMAIN) at 127.0.0.1:5353", decision.Reason);
    }

    [Fact]
    public void Looked_FailureBetweenTwoEqualAnswers_DoesNotRestartTheMargin()
    {
        var observations = Seen(1, 2);
        _clock.Advance(TimeSpan.FromSeconds(2));
        observations = observations.Looked(ContactPointLookup.Failed("timeout"), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(3));
        observations = AllAnswered(observations.Looked(Found(1, 2), _clock.GetUtcNow()), Point(1));

        Assert.IsType<FormationDecision.FormSelf>(Decide(observations, Point(1)));
    }

    [Fact]
    public void Looked_AddressLeavesTheSet_ItsAnswerIsForgotten()
    {
        var observations = Seen(1, 2).Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), ["akka.tcp://proxy@127.0.0.2:4040"]));

        observations = observations.Looked(Found(1, 3), _clock.GetUtcNow());

        Assert.Empty(observations.Answers);
        Assert.IsType<FormationDecision.Wait>(Decide(observations, Point(1)));
    }

    [Fact]
    public void Decide_MemberAnswerOlderThanItsValidity_NoLongerCounts()
    {
        var observations = Seen(1, 2).Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), ["akka.tcp://proxy@127.0.0.2:4040"]));
        _clock.Advance(Validity + TimeSpan.FromMilliseconds(1));

        Assert.IsType<FormationDecision.Wait>(Decide(observations, Point(1)));
    }

    [Fact]
    public void Decide_ManyMembersAnswer_AtMostFiveSeedsSortedAndDistinct()
    {
        var members = Enumerable.Range(1, 8).Select(i => $"akka.tcp://proxy@127.0.0.{i}:4040").Reverse().ToImmutableArray();
        var observations = Seen(1, 2, 3)
            .Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), members))
            .Answered(Point(3), new ProbeAnswer(_clock.GetUtcNow(), members));

        var seeds = Assert.IsType<FormationDecision.JoinExisting>(Decide(observations, Point(1))).Seeds;

        Assert.Equal(members.Order(StringComparer.Ordinal).Take(FormationPolicy.MaxSeeds), seeds);
    }

    [Fact]
    public void Decide_LowestIsFormingAndALowerAddressAppears_LowerJoinsItNeverForms()
    {
        // 127.0.0.2 was the lowest and joined itself; 127.0.0.1 appears before 2 is Up, waits out its margin,
        // and hears "forming" from 2 and "not a member" from 3.
        var observations = Seen(1, 2, 3);
        _clock.Advance(Margin);
        observations = observations
            .Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), [], "akka.tcp://proxy@127.0.0.2:4040"))
            .Answered(Point(3), NotYet(_clock.GetUtcNow()));

        var decision = Decide(observations, Point(1));

        Assert.Equal<string>(["akka.tcp://proxy@127.0.0.2:4040"], Assert.IsType<FormationDecision.JoinExisting>(decision).Seeds.AsEnumerable());
    }

    [Fact]
    public void Decide_FormingAnswerOlderThanItsValidity_NoLongerCounts()
    {
        var observations = Seen(1, 2);
        observations = observations.Answered(Point(2), new ProbeAnswer(_clock.GetUtcNow(), [], "akka.tcp://proxy@127.0.0.2:4040"));
        _clock.Advance(Margin);

        var decision = Decide(observations, Point(1));

        Assert.Equal(FormationWait.Unanswered, Assert.IsType<FormationDecision.Wait>(decision).Kind);
    }

    [Fact]
    public void Decide_NothingResolvedYet_Waits()
    {
        Assert.Equal(FormationWait.NothingResolved,
            Assert.IsType<FormationDecision.Wait>(Decide(FormationObservations.Start(_clock.GetUtcNow()), Point(1))).Kind);
    }

    [Fact]
    public void CompareTo_IPv4BeforeIPv6ThenBytesThenPort()
    {
        ContactPoint[] sorted = [.. new[]
        {
            new ContactPoint(IPAddress.IPv6Loopback, 1), Point(10, 1), Point(9, 2), Point(9, 1),
        }.Order()];

        Assert.Equal([Point(9, 1), Point(9, 2), Point(10, 1), new ContactPoint(IPAddress.IPv6Loopback, 1)], sorted);
    }
}
