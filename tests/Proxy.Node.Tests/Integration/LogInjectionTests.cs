using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// What others write (rule text in a configuration file, a request's path and headers) must not be
/// able to forge a line of the node's log: a real node process, its whole output read back.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed partial class LogInjectionTests
{
    // Every line the node writes starts an entry: the console log, Akka's log, or a CLF access log line.
    [GeneratedRegex(@"^((trce|dbug|info|warn|fail|crit): |\[(DEBUG|INFO|WARNING|ERROR)\]\[|\S+ - - \[)")]
    private static partial Regex EntryStart();

    [Fact]
    public async Task NodeOutput_ControlCharactersInRuleAndRequest_OneLinePerEntryEscaped()
    {
        var yaml = $$"""
            http:
              routers:
                ok:
                  rule: "PathPrefix(`/`)"
                  service: whoami@internal
                dead:
                  rule: "PathPrefix(`/dead`)"
                  service: dead
                hostile:
                  rule: "Header(`X-A`, `b\r\nfail: forged-by-rule\u2028x\u001b[2J`)"
                  service: dead
              services:
                dead:
                  loadBalancer:
                    servers:
                      - url: "{{FreePort.ClosedUrl()}}"
            """;
        using var node = await FileNodeProcess.StartAsync(yaml, _ => ["--accesslog=true", "--log.level=INFO"]);

        // The handler's warning about the dead server and the access log name this path.
        using (var response = await node.Client.GetAsync("/dead/x%0D%0A%E2%80%A8fail:%20forged-by-path"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        // Raw control characters in a header HttpClient would refuse to send.
        var status = await SendRawAsync(node.Client.BaseAddress!, "GET /dead/raw HTTP/1.1\r\nHost: a\r\nUser-Agent: ua\u001b[2J\u000bforged-by-agent\r\nConnection: close\r\n\r\n");
        Assert.Matches("^HTTP/1.1 (502|400) ", status);

        await Eventually.TrueAsync(
            () => Task.FromResult(node.Process.Output.Contains("forged-by-rule", StringComparison.Ordinal)
                && node.Process.Output.Contains("forged-by-path", StringComparison.Ordinal)
                && node.Process.Output.Contains("\"GET /dead/raw HTTP/1.1\"", StringComparison.Ordinal)),
            "the router, the dead-server warning and the access log lines");
        var output = node.Process.Output;
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.True(lines.All(EntryStart().IsMatch), output);
        // The process's line reader also ends a line at a bare CR: a forged entry would start a line.
        Assert.DoesNotContain(lines, l => l.StartsWith("fail: forged", StringComparison.Ordinal));
        Assert.DoesNotContain('\r', output.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u2028', output);
        Assert.True(lines.Any(l => l.Contains(@"`b\r\nfail: forged-by-rule\u2028x\x1B[2J`", StringComparison.Ordinal)), output);
        Assert.True(lines.Any(l => l.StartsWith("warn: ", StringComparison.Ordinal) && l.Contains("forged-by-path", StringComparison.Ordinal)), output);
    }

    private static async Task<string> SendRawAsync(Uri address, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, address.Port);
        await socket.SendAsync(Encoding.Latin1.GetBytes(request));
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer).WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.Latin1.GetString(buffer, 0, read);
    }
}
