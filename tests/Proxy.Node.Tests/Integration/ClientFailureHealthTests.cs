using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A client's failures never count against a server: for every client-side failure class, more
/// bad requests than the passive health check's threshold leave both servers UP, with no failure
/// counted, and the next normal request is served. The response header timeout is short so that
/// the stalled classes end in a second rather than Kestrel's five.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ClientFailureHealthTests
{
    public const int BadRequests = 6;

    public const string PassiveHealth =
        "        passiveHealthCheck:\n"
        + "          maxFailedAttempts: 2\n"
        + "          failureWindow: 1m\n"
        + "          cooldown: 1m\n";

    public static readonly string[] ShortTimeout = ["--serverstransport.forwardingtimeouts.responseheadertimeout=1s"];

    public static TheoryData<string> Classes => [.. ClientFailure.All.Keys];

    /// <summary>Each class on a plain router, and on one with a retry middleware, whose request actor also reports failures.</summary>
    public static TheoryData<string, bool> ClassesWithAndWithoutRetry
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var name in ClientFailure.All.Keys)
            {
                data.Add(name, false);
                data.Add(name, true);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ClassesWithAndWithoutRetry))]
    public async Task PassiveHealth_ClientCausedFailures_ServersStayUpAndServe(string name, bool retry)
    {
        var failure = ClientFailure.All[name];
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var b = await TestBackend.StartAsync("b", 3);
        var log = Path.Combine(Directory.CreateTempSubdirectory("proxy-it-clientfail-").FullName, "access.log");
        await using (var node = await TestNode.StartAsync(
            retry
                ? Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url), Yaml.Retry3, "retry", PassiveHealth)
                : Yaml.SingleRoute(Yaml.Servers(a.Url, b.Url), loadBalancerExtra: PassiveHealth), ["app"],
            [.. ShortTimeout, "--accesslog=true", $"--accesslog.filepath={log}", "--accesslog.format=json"]))
        {
            for (var i = 0; i < BadRequests; i++)
            {
                Assert.Equal(failure.ExpectedStatus, await failure.PlayAsync(node.WebPort, a, b));
            }

            await StaysUp.AssertAsync(node, "app", a.Url, b.Url);
            using var normal = await node.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        }

        var lines = (await File.ReadAllLinesAsync(log)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(BadRequests + 1, lines.Length);
        if (failure.LoggedStatuses is { } logged)
        {
            Assert.All(lines.Take(BadRequests), l => Assert.Contains(l.GetProperty("DownstreamStatus").GetInt32(), logged));
        }
    }
}
