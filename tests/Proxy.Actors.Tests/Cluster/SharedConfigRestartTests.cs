using System.Diagnostics;
using Akka.Actor;
using Proxy.Actors.Backends;
using Proxy.Actors.Cluster;
using Proxy.Actors.Configuration;
using Xunit;
using Xunit.Abstractions;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// A node killed and restarted at once on the same address (a container restarted by Docker):
/// the cluster downs the old incarnation when the new one asks to join, and lets the new one in
/// on its next attempt (Akka retries an unanswered join after 10 s). Every node then counts the
/// new incarnation's configuration and health reports, not the old one's, and the old one's keys
/// are deleted.
/// </summary>
[Collection(Name)]
public sealed class SharedConfigRestartTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public async Task MemberRestartedOnTheSameAddress_BeforeItWasDowned_NewIncarnationCountsOnEveryNode()
    {
        var port = FreePort();
        var first = StartNode(port);
        AwaitUp(A, B, C, first);
        first.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("old", Router())]), []));
        B.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("old"), Propagation);

        // A killed process restarted at once: the others still count the old incarnation as a member.
        await first.System.Terminate().WaitAsync(Propagation);
        var restart = Stopwatch.StartNew();
        var second = StartNode(port);
        AwaitUp(A, B, C, second);
        Output.WriteLine($"The new incarnation on {second.Id} was Up {restart.ElapsedMilliseconds:N0} ms after it started");
        second.SharedConfig.Tell(new ProviderConfigurationChanged("docker", Dynamic(routers: [("new", Router())]), []));

        foreach (var node in new[] { A, B, C })
        {
            var changed = node.Configuration.FishForMessage<ProviderConfigurationChanged>(m => m.Config.Routers.ContainsKey("new"), Propagation);
            Assert.False(changed.Config.Routers.ContainsKey("old"), node.Id);
            AwaitAssert(() => Assert.Empty(ClusterViewCell.Get(node.System).Current.Removed), Propagation);
        }

        // Its health reports count too.
        second.System.EventStream.Publish(new BackendObserved("http://127.0.0.5:8080", ObservedHealth.Ejected, "connection refused", DateTimeOffset.UtcNow.AddMinutes(1)));
        foreach (var node in new[] { A, B, C })
        {
            AwaitAssert(() => Assert.True(SharedHealthCell.Get(node.System).Current.ContainsKey("http://127.0.0.5:8080"), node.Id), Propagation);
        }

        // The old incarnation's keys are deleted; the new one's, on the same address, stay.
        await AwaitKeysAsync(KeysOf(A, B, C, second), A, B, C);
    }
}
