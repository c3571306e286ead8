using Proxy.Node.Forwarding.Mirroring;

namespace Proxy.Node.Tests.Forwarding;

public sealed class MirrorSenderCutTests
{
    [Theory]
    [InlineData(30_000, 30_000)]
    [InlineData(0, 60_000)]
    [InlineData(-1, 60_000)]
    public void MirrorCut_ResponseHeaderTimeout_NoneBecomesSixtySeconds(int timeoutMs, int cutMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(cutMs), MirrorSender.CutOf(TimeSpan.FromMilliseconds(timeoutMs)));
}
