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
        // Two containers: a key the label parser refuses leaves its whole container out, and the forged value must still reach a log line.
        ContainerInfo Container(string name, string label, string value) => new(
            Id: new string(name[0], 64),
            Name: name,
            Labels: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [
                KeyValuePair.Create(label, value),
                KeyValuePair.Create($"proxy.http.services.{name}.loadbalancer.server.port", "80"),
            ]),
            State: ContainerState.Running,
            Health: ContainerHealth.None,
            Draining: false,
            NetworkMode: "host",
            Networks: ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("host", "")]),
            ExposedPorts: [],
            Host: "docker-a");

        var result = ContainerTranslator.Translate(
            [
                Container("key", "proxy.http.routers.web\n[ERROR][forged-by-key].rule", "Host(`a`)"),
                Container("value", "proxy.http.routers.web.rule", "Host(`a`) &&\r\n[ERROR][forged-by-value]"),
            ],
            DockerProviderOptions.Default);

        // What reaches the log about these containers: the router actor's line for each router it serves
        // (its name from the label key, its rule from the value), and each error the labels gave.
        var logged = result.Config.Routers.Select(r => $"Router {r.Key}@docker serves {r.Value.Rule}")
            .Concat(result.Errors.Select(e => $"{e.Source} {e.Path}: {e.Message}"))
            .Select(message => AkkaConsoleLogger.Render(new Error(null, "akka://proxy/user/configuration/router-1", typeof(AkkaConsoleLoggerTests), message)))
            .ToArray();
        Assert.NotEmpty(logged);
        Assert.All(logged, line =>
        {
            Assert.StartsWith("[ERROR][", line, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', line);
            Assert.DoesNotContain('\r', line);
        });
        Assert.True(logged.Any(line => line.Contains(@"web\n[ERROR][forged-by-key]", StringComparison.Ordinal)), string.Join("\n", logged));
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
