using Akka.Actor;
using Akka.Cluster;
using Proxy.Actors.Cluster;
using Xunit;

namespace Proxy.Actors.Tests.Cluster;

public sealed class NodeRunsTests
{
    private static readonly Address SelfAddress = new("akka.tcp", "proxy", "127.0.0.1", 4053);
    private static readonly Address OtherAddress = new("akka.tcp", "proxy", "127.0.0.1", 4054);
    private static readonly UniqueAddress FirstRun = new(OtherAddress, 1);
    private static readonly UniqueAddress SecondRun = new(OtherAddress, 2);
    private static readonly string Other = ClusterNode.Id(OtherAddress);

    private readonly NodeRuns _runs = new(ClusterNode.Id(SelfAddress));

    [Fact]
    public void Joined_FirstRunThenMoreNewsOfIt_FirstOnceThenNothing()
    {
        Assert.Equal(NodeJoin.First, _runs.Joined(FirstRun, MemberStatus.Joining));
        Assert.Equal(NodeJoin.Nothing, _runs.Joined(FirstRun, MemberStatus.Up));
        Assert.Equal(NodeJoin.Nothing, _runs.Joined(FirstRun, MemberStatus.Leaving));
        Assert.True(_runs.IsMember(Other));
        Assert.Equal(1, _runs.MemberCount);
        Assert.True(_runs.Counts(Other, FirstRun));
    }

    [Fact]
    public void Joined_ThisNodeOrARemovedMember_Nothing()
    {
        Assert.Equal(NodeJoin.Nothing, _runs.Joined(new UniqueAddress(SelfAddress, 7), MemberStatus.Up));
        Assert.Equal(NodeJoin.Nothing, _runs.Joined(FirstRun, MemberStatus.Removed));
        Assert.Equal(0, _runs.MemberCount);
    }

    [Fact]
    public void Joined_NewRunBeforeThePreviousWasRemoved_RestartedAndOnlyTheNewRunCounts()
    {
        _runs.Joined(FirstRun, MemberStatus.Up);

        Assert.Equal(NodeJoin.Restarted, _runs.Joined(SecondRun, MemberStatus.Joining));

        Assert.False(_runs.Counts(Other, FirstRun));
        Assert.True(_runs.Counts(Other, SecondRun));
        // Late news of the previous run changes nothing: it is neither a new run nor the counted one.
        Assert.Equal(NodeJoin.Nothing, _runs.Joined(FirstRun, MemberStatus.Down));
        Assert.False(_runs.Removed(FirstRun));
        Assert.True(_runs.IsMember(Other));
    }

    [Fact]
    public void Removed_CountedRun_NoLongerAMemberButCountsUntilForgotten()
    {
        _runs.Joined(FirstRun, MemberStatus.Up);

        Assert.True(_runs.Removed(FirstRun));

        Assert.False(_runs.IsMember(Other));
        Assert.Equal(0, _runs.MemberCount);
        Assert.True(_runs.Counts(Other, FirstRun));
        Assert.True(_runs.Forget(Other));
        Assert.False(_runs.Counts(Other, FirstRun));
        Assert.False(_runs.Forget(Other));
    }

    [Fact]
    public void Joined_BackAfterRemovalBeforeForgotten_RestartedAndForgetRefused()
    {
        _runs.Joined(FirstRun, MemberStatus.Up);
        _runs.Removed(FirstRun);

        Assert.Equal(NodeJoin.Restarted, _runs.Joined(SecondRun, MemberStatus.Up));

        Assert.False(_runs.Forget(Other));
        Assert.True(_runs.Counts(Other, SecondRun));
    }

    [Fact]
    public void Joined_BackAfterForgotten_First()
    {
        _runs.Joined(FirstRun, MemberStatus.Up);
        _runs.Removed(FirstRun);
        _runs.Forget(Other);

        Assert.Equal(NodeJoin.First, _runs.Joined(SecondRun, MemberStatus.Joining));
    }

    [Fact]
    public void Counts_ThisNodesOwnWrites_Never()
    {
        var self = new UniqueAddress(SelfAddress, 7);
        _runs.Joined(self, MemberStatus.Up);

        Assert.False(_runs.Counts(ClusterNode.Id(SelfAddress), self));
    }
}
