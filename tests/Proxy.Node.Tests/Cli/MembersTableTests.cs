using Proxy.Node.Cli;
using Xunit;

namespace Proxy.Node.Tests.Cli;

public sealed class MembersTableTests
{
    [Fact]
    public void Render_TwoMembersOneUnreachable_AlignedRowsWithMarks()
    {
        const string json = """
            {"selfNode":"akka.tcp://proxy@127.0.0.1:4053","leader":"akka.tcp://proxy@127.0.0.1:4053","oldest":"akka.tcp://proxy@127.0.0.1:4053",
             "unreachable":[{"node":"akka.tcp://proxy@127.0.0.1:4054"}],
             "members":[{"node":"akka.tcp://proxy@127.0.0.1:4053","nodeUid":"1","status":"Up","roles":["edge"]},
                        {"node":"akka.tcp://proxy@127.0.0.1:4054","nodeUid":"2","status":"Up","roles":[]}]}
            """;

        var lines = MembersTable.Render(json).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            [
                "NODE                             STATUS  REACHABILITY  ROLES",
                "akka.tcp://proxy@127.0.0.1:4053  Up      reachable     edge   self,leader,oldest",
                "akka.tcp://proxy@127.0.0.1:4054  Up      unreachable",
            ],
            lines.Select(l => l.TrimEnd('\r')));
    }
}
