using System.Diagnostics;
using System.Net;

namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>
/// A circuit breaker's whole life through a real node, the same for every provider: closed while the
/// backend is healthy, tripped by the backend's failure, answering the fallback status without reaching
/// the backend, letting a growing share through once the fallback duration is over, closed again.
/// </summary>
/// <remarks>The middleware under test uses checkPeriod 100ms, fallbackDuration 1s, recoveryDuration 2s.</remarks>
internal static class BreakerScenario
{
    public static readonly TimeSpan Fallback = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Recovery = TimeSpan.FromSeconds(2);

    public static async Task RunAsync(HttpClient client, Func<HttpRequestMessage> newRequest, FlakyBackend backend, FlakyMode failure, int fallbackStatus, string fallbackBody)
    {
        backend.Mode = FlakyMode.Healthy;
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, newRequest)).Status);
        }

        // Tripped: the failure reaches the client until a check finds the expression true.
        backend.Mode = failure;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (status, body) = await SendAsync(client, newRequest);
            if ((int)status == fallbackStatus && body == fallbackBody)
            {
                break;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15), $"the breaker never tripped; last answer {(int)status} {body}");
        }

        var tripped = Stopwatch.StartNew();

        // Open: every request gets the fallback and none reaches the backend.
        backend.Mode = FlakyMode.Healthy;
        var reached = backend.Requests;
        var open = 0;
        while (tripped.Elapsed < Fallback * 0.6)
        {
            var (status, body) = await SendAsync(client, newRequest);
            Assert.Equal(fallbackStatus, (int)status);
            Assert.Equal(fallbackBody, body);
            open++;
        }

        Assert.True(open > 0);
        Assert.Equal(reached, backend.Requests);

        // Recovering, then closed: a share of 200s among fallbacks, then 200s only.
        var answers = new List<(TimeSpan At, int Status)>();
        while (tripped.Elapsed < Fallback + Recovery + TimeSpan.FromSeconds(10))
        {
            var (status, _) = await SendAsync(client, newRequest);
            answers.Add((tripped.Elapsed, (int)status));
            if (answers.Count >= 30 && answers.TakeLast(30).All(a => a.Status == 200) && tripped.Elapsed > Fallback + Recovery)
            {
                break;
            }

            await Task.Delay(10);
        }

        var firstThrough = answers.FindIndex(a => a.Status == 200);
        Assert.True(firstThrough >= 0, "no request went through after the fallback duration");
        Assert.True(answers[firstThrough].At >= Fallback * 0.9, $"a request went through {answers[firstThrough].At} after tripping, before the fallback duration");
        Assert.True(
            answers.Skip(firstThrough).Any(a => a.Status == fallbackStatus),
            "recovery let everything through at once: " + string.Join(",", answers.Select(a => a.Status)));
        Assert.True(answers.TakeLast(30).All(a => a.Status == 200), "the breaker did not close: " + string.Join(",", answers.Select(a => a.Status)));
        Assert.All(answers, a => Assert.True(a.Status is 200 || a.Status == fallbackStatus, $"unexpected {a.Status}"));
    }

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient client, Func<HttpRequestMessage> newRequest)
    {
        using var request = newRequest();
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
