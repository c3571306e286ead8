using Proxy.Actors.Model;

namespace Proxy.Actors.Services.LoadBalancing;

/// <summary>
/// Which servers a pick may choose, the same for every strategy: weighted above zero, not tried by this
/// request, and up; or, when no server is, one held only as a last resort (<see cref="ServerSnapshot.IsLastResort"/>).
/// </summary>
internal static class Candidates
{
    public static bool Qualifies(ServerSnapshot server, IReadOnlyCollection<string>? exclude, bool lastResort) =>
        server.Weight > 0
        && (lastResort ? server.IsLastResort : server.IsAvailable)
        && (exclude is null || !exclude.Contains(server.Url));

    public static int Count(ServiceSnapshot service, IReadOnlyCollection<string>? exclude, bool lastResort)
    {
        var count = 0;
        foreach (var server in service.Servers)
        {
            if (Qualifies(server, exclude, lastResort))
            {
                count++;
            }
        }

        return count;
    }
}
