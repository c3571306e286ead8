using Proxy.Discovery.Docker;
using Proxy.Fuzz.Inputs;

namespace Proxy.Fuzz.Targets;

/// <summary>
/// The label reader, as the Docker provider runs it: one running container with the labels,
/// translated, then validated; every problem must come back as a configuration error.
/// </summary>
public static class LabelTarget
{
    public static FuzzRun.Outcome Check(string text)
    {
        var container = new ContainerInfo(
            Id: new string('f', 64),
            Name: "shop-web-1",
            Labels: LabelInputs.Labels(text),
            State: ContainerState.Running,
            Health: ContainerHealth.None,
            Draining: false,
            NetworkMode: "host",
            Networks: System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("host", "")]),
            ExposedPorts: [80],
            Host: "docker-a");
        var translated = ContainerTranslator.Translate([container], DockerProviderOptions.Default);
        var errors = ConfigErrors.Validate("docker", translated.Config, translated.Errors);
        return ConfigErrors.Unclear(errors) is { } problem
            ? FuzzRun.Outcome.Fail(problem)
            : errors.Count > 0 ? FuzzRun.Outcome.Error : FuzzRun.Outcome.Accepted;
    }
}
