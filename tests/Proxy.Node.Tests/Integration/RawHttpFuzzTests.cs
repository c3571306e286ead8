using System.Net;
using Proxy.Fuzz;
using Proxy.Fuzz.Inputs;
using Proxy.Fuzz.Targets;
using Xunit.Abstractions;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The short run of ops/fuzz's raw HTTP target against a real node process: mutated HTTP/1.1
/// requests from a fixed seed over raw sockets, to the built-in whoami and through YARP to a real
/// backend. Each must be answered (below 500) or closed within a second, and the node must still
/// serve afterwards (ops/fuzz/README.md for the long run).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class RawHttpFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public async Task EntryPoint_TenThousandMalformedRequests_FourHundredsWithinASecondAndStillServing()
    {
        await using var backend = await TestBackend.StartAsync("backend", 7);
        var yaml = HttpNodeConfiguration.For(backend.Url);
        using var node = await FileNodeProcess.StartAsync(yaml, _ => []);
        var target = new RawHttpTarget(new IPEndPoint(IPAddress.Loopback, node.Client.BaseAddress!.Port));

        var report = FuzzRun.Run("http", seed: 1, count: 10_000, TimeSpan.FromSeconds(55), HttpInputs.Next, target.Check);

        output.WriteLine(report.ToString());
        output.WriteLine($"statuses: {string.Join(", ", target.Statuses.Select(s => $"{s.Key}: {s.Value}"))}; closed without a response: {target.ClosedWithoutResponse}");
        Assert.True(report.Passed, report + "\nnode output:\n" + node.Process.Output);
        Assert.Equal(10_000, report.Inputs);
        Assert.Contains(target.Statuses.Keys, s => s is >= 400 and < 500);
        Assert.True(backend.Requests > 0, "no request went through to the backend");
        using var whoami = await node.Client.GetAsync("/after");
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal("backend", await node.Client.GetStringAsync("/fwd/after"));
    }
}
