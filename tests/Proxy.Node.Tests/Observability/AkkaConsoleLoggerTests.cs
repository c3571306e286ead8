using System.Collections.Immutable;
using Akka.Event;
using Proxy.Discovery.Docker;
using Proxy.Node.Observability;

namespace Proxy.Node.Tests.Observability;

public sealed class AkkaConsoleLoggerTests
{
    [Fact]
    public void Render_DockerLabelKeyAndValueWithLineBreaks_OneLineWithEscapes()
    {
        var container = new ContainerInfo(
            Id: new string('a', 64),
            Name: "web",
            Labels: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [
                KeyValuePair.Create("proxy.http.routers.web\n[ERROR][forged-by-key].rule", "Host(`a`)"),
                KeyValuePair.Create("proxy.http.routers.web.rule", "Host(`a`) &&\r\n[ERROR][forged-by-value]"),
                KeyValuePair.Create("proxy.http.services.web.loadbalancer.server.port", "80"),
            ]),
            State: ContainerState.Running,
            Health: ContainerHealth.None,
            Draining: false,
            NetworkMode: "host",
            Networks: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("host", "")]),
            ExposedPorts: [],
            Host: "docker-a");

        var routers = ContainerTranslator.Translate([container], DockerProviderOptions.Default).Config.Routers;

        // What the router actors log about each router: its name, from the label key, and its rule, from the value.
        var logged = routers.Select(r => AkkaConsoleLogger.Render(
            new Error(null, "akka://proxy/user/configuration/router-1", typeof(AkkaConsoleLoggerTests), $"Router {r.Key}@docker serves {r.Value.Rule}"))).ToArray();
        Assert.Equal(2, logged.Length);
        Assert.All(logged, line =>
        {
            Assert.StartsWith("[ERROR][", line, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain('\r', line);
        });
        Assert.True(logged.Any(line => line.Contains(@"Router web\n[ERROR][forged-by-key]@docker serves Host(`a`)", StringComparison.Ordinal)), string.Join("\n", logged));
        Assert.True(logged.Any(line => line.Contains(@"Host(`a`) &&\r\n[ERROR][forged-by-value]", StringComparison.Ordinal)), string.Join("\n", logged));
    }

    [Fact]
    public void Render_ExceptionCause_StackTraceOnTheSameLine()
    {
        var line = AkkaConsoleLogger.Render(new Warning(new InvalidOperationException("bad\nthing"), "akka://proxy/user/x", typeof(AkkaConsoleLoggerTests), "failed"));

        Assert.StartsWith("[WARNING][", line, StringComparison.Ordinal);
        Assert.Contains(@"bad\nthing", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
    }
}
