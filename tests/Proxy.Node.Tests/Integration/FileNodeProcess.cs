using System.Net;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A <see cref="NodeProcess"/> serving a file-provider configuration from its own temporary
/// directory, its web entry point and API on free loopback ports: for tests that need a real
/// process (signals, exit code) rather than the in-process <see cref="TestNode"/>.
/// </summary>
public sealed class FileNodeProcess : IDisposable
{
    private readonly string _directory;

    private FileNodeProcess(string directory, NodeProcess process, int webPort, int apiPort)
    {
        _directory = directory;
        Process = process;
        Client = TestNode.NewClient(new Uri($"http://127.0.0.1:{webPort}"));
        Api = TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}"));
    }

    public NodeProcess Process { get; }

    /// <summary>A client of the web entry point.</summary>
    public HttpClient Client { get; }

    public HttpClient Api { get; }

    /// <summary>
    /// Starts a node serving <paramref name="yaml"/> (not watched) and returns once its web entry
    /// point answers GET / with 200. <paramref name="extraFlags"/> is given the node's directory, for
    /// flags that name files in it (an access log), which are deleted with it.
    /// </summary>
    public static async Task<FileNodeProcess> StartAsync(string yaml, Func<string, IEnumerable<string>> extraFlags) =>
        await StartAsync(yaml, extraFlags, args => NodeProcess.Start(args));

    /// <summary>As <see cref="StartAsync(string, Func{string, IEnumerable{string}})"/>, the process started by <paramref name="start"/>.</summary>
    public static async Task<FileNodeProcess> StartAsync(
        string yaml, Func<string, IEnumerable<string>> extraFlags, Func<IEnumerable<string>, NodeProcess> start)
    {
        var directory = Directory.CreateTempSubdirectory("proxy-it-process-").FullName;
        NodeProcess process;
        int webPort, apiPort;
        try
        {
            var configPath = Path.Combine(directory, "dynamic.yml");
            await File.WriteAllTextAsync(configPath, yaml);
            webPort = FreePort.Next();
            apiPort = FreePort.Next();
            process = start(
            [
                $"--entrypoints.web.address=127.0.0.1:{webPort}",
                $"--api.address=127.0.0.1:{apiPort}",
                $"--providers.file.filename={configPath}",
                "--providers.file.watch=false",
                .. extraFlags(directory),
            ]);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        var node = new FileNodeProcess(directory, process, webPort, apiPort);
        try
        {
            await node.ServingAsync();
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Api.Dispose();
        try
        {
            Process.Dispose();
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task ServingAsync()
    {
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    using var response = await Client.GetAsync("/");
                    return response.StatusCode == HttpStatusCode.OK;
                },
                "the node to serve",
                TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException e)
        {
            // What the node printed is the only clue to why it never served.
            throw new TimeoutException($"{e.Message}\nnode output:\n{Process.Output}", e);
        }
    }
}
