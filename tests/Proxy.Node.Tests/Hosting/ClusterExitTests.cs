using Akka.Actor;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

/// <summary>The exit code a node ends with, by who ended it (the process-level test is Integration/ClusterExitTests).</summary>
public sealed class ClusterExitTests
{
    public static TheoryData<CoordinatedShutdown.Reason?, int> Reasons => new()
    {
        { CoordinatedShutdown.ClusterDowningReason.Instance, ExitCodes.Downed },
        { CoordinatedShutdown.ClusterLeavingReason.Instance, ExitCodes.Removed },
        { CoordinatedShutdown.ActorSystemTerminateReason.Instance, ExitCodes.ActorSystemStopped },
        { CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance, ExitCodes.ActorSystemStopped },
        { null, ExitCodes.ActorSystemStopped },
    };

    [Theory]
    [MemberData(nameof(Reasons))]
    public void ExitCodeFor_Reason_IsItsDocumentedCode(CoordinatedShutdown.Reason? reason, int expected)
    {
        Assert.Equal(expected, ClusterExitService.ExitCodeFor(reason));
    }

    [Fact]
    public void TryEndWith_Running_StopsWithTheCode()
    {
        var lifecycle = new NodeLifecycle();

        Assert.True(lifecycle.TryEndWith(ExitCodes.Downed));

        Assert.True(lifecycle.Stopping);
        Assert.Equal(ExitCodes.Downed, lifecycle.ExitCode);
    }

    [Fact]
    public void TryEndWith_AlreadyStoppingBySignal_KeepsExit0()
    {
        var lifecycle = new NodeLifecycle();
        lifecycle.BeginStopping();

        Assert.False(lifecycle.TryEndWith(ExitCodes.Downed));

        Assert.Equal(ExitCodes.Stopped, lifecycle.ExitCode);
    }
}
