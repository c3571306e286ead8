namespace Proxy.Node.Tests.Integration.Middlewares;

/// <summary>Waits for the API to show an error on a middleware, and says what it showed instead when it does not.</summary>
internal static class MiddlewareErrors
{
    /// <param name="middleware"><c>name@provider</c>.</param>
    /// <param name="field">The option the error must name (<c>redirectScheme.port</c>).</param>
    /// <param name="problem">Words the error must contain.</param>
    public static async Task WaitForAsync(HttpClient api, string middleware, string field, string problem)
    {
        IReadOnlyList<string> seen = [];
        try
        {
            await Eventually.TrueAsync(
                async () => (seen = await RoutingApi.MiddlewareErrorsAsync(api, middleware))
                    .Any(e => e.Contains(field, StringComparison.Ordinal) && e.Contains(problem, StringComparison.Ordinal)),
                $"the error '{problem}' on {field} of {middleware}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the API showed: {(seen.Count == 0 ? "no error" : string.Join(" | ", seen))}", e);
        }
    }
}
