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
                "NODE                             STATUS  REACHABILITY  ROLES  CONFIG  DOCKER",
                "akka.tcp://proxy@127.0.0.1:4053  Up      reachable     edge                   self,leader,oldest",
                "akka.tcp://proxy@127.0.0.1:4054  Up      unreachable",
            ],
            lines.Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public void Render_ProxyViewAndRemovedNode_ShowsConfigDockerAndTheRemovedRow()
    {
        const string json = """
            {"selfNode":"akka.tcp://proxy@127.0.0.1:4053","leader":"akka.tcp://proxy@127.0.0.1:4053","oldest":"akka.tcp://proxy@127.0.0.1:4053",
             "unreachable":[],
             "members":[{"node":"akka.tcp://proxy@127.0.0.1:4053","nodeUid":"1","status":"Up","roles":[],
                         "proxy":{"configVersion":7,"publishedAt":"2026-11-26T21:00:00+00:00",
                                  "dockerHosts":[{"endpoint":"unix:///var/run/docker.sock","connected":true,"containers":3,"error":null},
                                                 {"endpoint":"tcp://10.0.0.7:2375","connected":false,"containers":2,"error":"refused"}]}},
                        {"node":"akka.tcp://proxy@127.0.0.1:4055","nodeUid":"3","status":"Up","roles":[],"proxy":null}],
             "removed":[{"node":"127.0.0.1:4054","removedAt":"2026-11-26T21:01:00+00:00"}]}
            """;

        var lines = MembersTable.Render(json).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(
            string.Join('\n', [
                "NODE                             STATUS   REACHABILITY  ROLES  CONFIG  DOCKER",
                "akka.tcp://proxy@127.0.0.1:4053  Up       reachable            v7      1/2 hosts connected, 5 containers  self,leader,oldest",
                "akka.tcp://proxy@127.0.0.1:4055  Up       reachable",
                "127.0.0.1:4054                   Removed  -                                                               serving its servers since 2026-11-26T21:01:00+00:00",
            ]),
            string.Join('\n', lines));
    }
}
