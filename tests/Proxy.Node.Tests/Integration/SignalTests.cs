using System.Net;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The signals an operator sends a running node (docs/configuration.md): SIGHUP re-reads the file
/// provider, SIGUSR1 reopens the access log; neither may end the process or cut a transfer, as
/// their default actions would.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SignalTests
{
    private const long DownloadSize = 64L * 1024 * 1024;

    [Fact]
    public async Task SighupAndSigusr1_DownloadInFlightAndLogMovedAside_DownloadIntactNewLinesInNewFile()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        string? logPath = null;
        using var node = await FileNodeProcess.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)),
            directory =>
            {
                logPath = Path.Combine(directory, "access.log");
                return ["--accesslog=true", $"--accesslog.filepath={logPath}"];
            });
        var rotated = logPath + ".1";
        (await node.Client.GetAsync("/before-rotation")).Dispose();
        await Eventually.TrueAsync(() => File.Exists(logPath) && File.ReadAllText(logPath!).Contains("/before-rotation", StringComparison.Ordinal), "the first line in the log");

        // A download held in flight: the client reads a little, then stops reading while the signals arrive.
        using var download = await node.Client.GetAsync($"/big?size={DownloadSize}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        await using var body = await download.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long received = 0;
        var intact = true;
        async Task ReadAsync(long upTo)
        {
            int read;
            while (received < upTo && (read = await body.ReadAsync(buffer)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    intact &= buffer[i] == TestBackend.Pattern(received + i);
                }

                received += read;
            }
        }

        await ReadAsync(1024 * 1024);

        // logrotate without copytruncate: move the file aside, then SIGUSR1.
        File.Move(logPath!, rotated);
        node.Process.SendSignal("HUP");
        node.Process.SendSignal("USR1");
        await Eventually.TrueAsync(() => File.Exists(logPath), "a new access log file at the configured path");
        // The console logger writes from a queue of its own: the line may trail the reopen.
        await Eventually.TrueAsync(() => node.Process.Output.Contains("SIGHUP: re-reading", StringComparison.Ordinal), "SIGHUP logged");

        await ReadAsync(long.MaxValue);
        Assert.Equal(DownloadSize, received);
        Assert.True(intact, "the download's bytes differ from what the backend sent");

        (await node.Client.GetAsync("/after-rotation")).Dispose();
        await Eventually.TrueAsync(() => File.ReadAllText(logPath!).Contains("/after-rotation", StringComparison.Ordinal), "the new line in the new file");
        var current = await File.ReadAllTextAsync(logPath!);
        var old = await File.ReadAllTextAsync(rotated);
        // The download finished after the reopen: its line belongs to the new file too.
        Assert.Contains("/big?size=", current, StringComparison.Ordinal);
        Assert.DoesNotContain("/before-rotation", current, StringComparison.Ordinal);
        Assert.Contains("/before-rotation", old, StringComparison.Ordinal);
        Assert.DoesNotContain("/after-rotation", old, StringComparison.Ordinal);

        node.Process.SendSigterm();
        Assert.Equal(0, await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Sighup_FileEditedWithoutWatch_NewRouteServed()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        string? configPath = null;
        using var node = await FileNodeProcess.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)),
            directory =>
            {
                configPath = Path.Combine(directory, "dynamic.yml");
                return [];
            });

        // --providers.file.watch=false (FileNodeProcess): the edit alone changes nothing.
        await File.WriteAllTextAsync(configPath!, Yaml.SingleRoute(Yaml.Servers(b.Url)));
        await Task.Delay(500);
        Assert.Equal("a", await node.Client.GetStringAsync("/"));

        node.Process.SendSignal("HUP");
        await Eventually.TrueAsync(async () => await node.Client.GetStringAsync("/") == "b", "the edited route served after SIGHUP");

        node.Process.SendSigterm();
        Assert.Equal(0, await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("INT", false)]
    [InlineData("QUIT", false)]
    [InlineData("INT", true)]
    [InlineData("QUIT", true)]
    public async Task StopSignal_IntOrQuit_StopsAsSigtermAndExits0(string signal, bool ignoredAtStart)
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        // Ignored at start: how a script's `proxy-node &` or a CI step's background command starts it.
        using var node = await FileNodeProcess.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url)),
            _ => ["--lifecycle.gracetimeout=10s"],
            args => ignoredAtStart ? NodeProcess.StartWithSignalsIgnored(["INT", "QUIT"], args) : NodeProcess.Start(args));
        var slow = node.Client.GetAsync("/slow?ms=1500");
        await Eventually.TrueAsync(() => a.Received.Any(r => r.Path.StartsWith("/slow", StringComparison.Ordinal)), "the slow request at the backend");

        node.Process.SendSignal(signal);

        using (var response = await slow)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(0, await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Sigpipe_Sent_NodeKeepsServing()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        using var node = await FileNodeProcess.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), _ => []);

        node.Process.SendSignal("PIPE");

        Assert.Equal("a", await node.Client.GetStringAsync("/"));
        node.Process.SendSigterm();
        Assert.Equal(0, await node.Process.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }
}
