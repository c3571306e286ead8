using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Proxy.Node.Hosting;
using Proxy.Node.Observability;

namespace Proxy.Node.Tests.Observability;

public sealed class AccessLogWriterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("accesslog-").FullName;

    private string LogPath => Path.Combine(_directory, "access.log");

    [Fact]
    public async Task Reopen_FileMovedAside_LaterLinesGoToANewFileAtThePath()
    {
        var writer = new AccessLogWriter(new AccessLogSettings(LogPath, AccessLogFormat.Common), null, NullLogger<AccessLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        try
        {
            writer.Observe(Record("/before"));
            await Integration.Eventually.TrueAsync(() => File.Exists(LogPath) && File.ReadAllText(LogPath).Contains("/before", StringComparison.Ordinal), "the first line");
            File.Move(LogPath, LogPath + ".1");

            writer.Reopen();

            // Reopened while idle: the file is there before any new line.
            await Integration.Eventually.TrueAsync(() => File.Exists(LogPath), "a new file at the path");
            writer.Observe(Record("/after"));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
            await writer.DisposeAsync();
        }

        Assert.Equal(["/after"], Paths(await File.ReadAllTextAsync(LogPath)));
        Assert.Equal(["/before"], Paths(await File.ReadAllTextAsync(LogPath + ".1")));
    }

    [Fact]
    public async Task Reopen_DirectoryGone_KeepsWritingToTheOpenFile()
    {
        var directory = Path.Combine(_directory, "logs");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "access.log");
        var writer = new AccessLogWriter(new AccessLogSettings(path, AccessLogFormat.Common), null, NullLogger<AccessLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var moved = Path.Combine(_directory, "moved");
        try
        {
            Directory.Move(directory, moved);

            writer.Reopen();
            writer.Observe(Record("/after"));
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
            await writer.DisposeAsync();
        }

        Assert.Equal(["/after"], Paths(await File.ReadAllTextAsync(Path.Combine(moved, "access.log"))));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static RequestRecord Record(string path) => new(
        "web", "app@file", "app@file", "http://127.0.0.2:5000", "GET", "HTTP/1.1", path,
        IPAddress.Loopback, 200, 200, TimeSpan.FromMilliseconds(1), 0, DateTime.UtcNow, 2, 2, null, null);

    private static string[] Paths(string log) =>
        [.. log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[6])];
}
