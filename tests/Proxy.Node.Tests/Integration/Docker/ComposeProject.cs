namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// One docker-compose project from ops/compose under a name unique to the test, so that a leftover from
/// an aborted run never meets the next one; <c>down</c> on dispose removes every container it created.
/// </summary>
public sealed class ComposeProject : IAsyncDisposable
{
    private readonly string _file;
    private readonly IReadOnlyDictionary<string, string>? _environment;

    private ComposeProject(string file, string name, IReadOnlyDictionary<string, string>? environment)
    {
        _file = file;
        Name = name;
        _environment = environment;
    }

    public string Name { get; }

    /// <param name="environment">Variables the file interpolates (e.g. PROXY_NODE_BUILD), given to every command of the project alike.</param>
    /// <param name="upArguments">More arguments of <c>up -d</c>, e.g. <c>--scale proxy=3</c>.</param>
    public static async Task<ComposeProject> UpAsync(string composeFile, IReadOnlyDictionary<string, string>? environment = null, params string[] upArguments)
    {
        var project = new ComposeProject(RepoFile(Path.Combine("ops", "compose", composeFile)), $"proxye2e{Guid.NewGuid():N}"[..16], environment);
        try
        {
            await project.RunAsync(["up", "-d", .. upArguments]);
        }
        catch
        {
            await project.DisposeAsync();
            throw;
        }

        return project;
    }

    public Task StopAsync(string service) => RunAsync("stop", service);

    public Task StartAsync(string service) => RunAsync("start", service);

    /// <summary>The container name compose gives the first replica of a service.</summary>
    public string Container(string service) => Container(service, 1);

    /// <summary>The container name compose gives replica <paramref name="index"/> (from 1) of a scaled service.</summary>
    public string Container(string service, int index) => $"{Name}_{service}_{index}";

    /// <summary>
    /// What Docker says of the health check of a service's first container (<c>starting</c>, <c>healthy</c>,
    /// <c>unhealthy</c>), the image's HEALTHCHECK or the file's <c>healthcheck:</c>.
    /// </summary>
    public async Task<string> HealthAsync(string service) =>
        (await DockerCli.DockerAsync("inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}", Container(service))).Trim();

    /// <summary>The last lines each service's first container printed, for a failure message; never throws.</summary>
    public Task<string> LogsAsync(int lines, params string[] services) => ContainerLogsAsync(lines, services.Select(service => Container(service)));

    /// <summary>The last lines each named container printed, for a failure message; never throws.</summary>
    public static async Task<string> ContainerLogsAsync(int lines, IEnumerable<string> containers)
    {
        var logs = new List<string>();
        foreach (var container in containers)
        {
            try
            {
                logs.Add($"--- {container}:\n{await DockerCli.DockerAsync("logs", "--tail", lines.ToString(System.Globalization.CultureInfo.InvariantCulture), container)}");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                logs.Add($"--- {container}: no logs: {e.Message}");
            }
        }

        return string.Join('\n', logs);
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("down", "--remove-orphans", "--timeout", "5");
    }

    private Task<string> RunAsync(params string[] command) =>
        DockerCli.ComposeAsync(_environment, ["-p", Name, "-f", _file, .. command]);

    /// <summary>A file of the repository, found above the test's build output.</summary>
    public static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }
}
