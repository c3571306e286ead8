using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Proxy.Tests.Ports;

namespace Proxy.Fuzz;

/// <summary>
/// What the raw HTTP target runs against: the built proxy-node binary as a child process (so a
/// crash shows as a refused connection, not as the end of the run), serving whoami on <c>/</c>
/// and forwarding <c>/fwd</c> to a small Kestrel backend in this process.
/// </summary>
public sealed class HttpNode : IAsyncDisposable
{
    private readonly Process _node;
    private readonly WebApplication _backend;
    private readonly string _directory;

    private HttpNode(Process node, WebApplication backend, string directory, IPEndPoint entryPoint)
    {
        _node = node;
        _backend = backend;
        _directory = directory;
        EntryPoint = entryPoint;
    }

    public IPEndPoint EntryPoint { get; }

    public bool Exited => _node.HasExited;

    public static async Task<HttpNode> StartAsync(string binary)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var backend = builder.Build();
        backend.Run(context => context.Response.WriteAsync("backend"));
        await backend.StartAsync();
        var backendUrl = backend.Urls.Single();

        var directory = Directory.CreateTempSubdirectory("proxy-fuzz-").FullName;
        var config = Path.Combine(directory, "dynamic.yml");
        await File.WriteAllTextAsync(config, HttpNodeConfiguration.For(backendUrl));
        var port = FreePort();
        var info = binary.EndsWith(".dll", StringComparison.Ordinal) ? new ProcessStartInfo("dotnet") { ArgumentList = { binary } } : new ProcessStartInfo(binary);
        foreach (var arg in new[] { $"--entrypoints.web.address=127.0.0.1:{port}", $"--api.address=127.0.0.1:{FreePort()}", $"--providers.file.filename={config}", "--providers.file.watch=false", "--log.level=ERROR" })
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var node = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {binary}");
        node.OutputDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"node: {e.Data}"); };
        node.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"node: {e.Data}"); };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        var http = new HttpNode(node, backend, directory, new IPEndPoint(IPAddress.Loopback, port));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/fwd/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return http;
                }
            }
            catch (HttpRequestException) when (attempt < 100)
            {
            }

            if (attempt >= 100)
            {
                await http.DisposeAsync();
                throw new InvalidOperationException("the node did not serve /fwd within 20 s");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Whether both routes still answer 200, as after every run.</summary>
    public async Task<bool> ServesAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://{EntryPoint}"), Timeout = TimeSpan.FromSeconds(5) };
        return (await client.GetAsync("/after")).StatusCode == HttpStatusCode.OK
            && (await client.GetAsync("/fwd/after")).StatusCode == HttpStatusCode.OK;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill();
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
        await _backend.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // Outside the ephemeral range the backend's port 0 (and every client socket's) comes from.
    private static int FreePort() => TestPorts.Next(IPAddress.Loopback);
}
