namespace Proxy.Discovery.Docker;

/// <summary>The names Traefik's Docker provider gives to what a container does not name itself.</summary>
public static class DockerNames
{
    /// <summary>
    /// Traefik's <c>normalize</c>: every run of characters that are neither letters nor digits becomes
    /// one '-', and none is left at either end (<c>web_shop</c> -> <c>web-shop</c>, <c>/a..b/</c> -> <c>a-b</c>).
    /// </summary>
    public static string Normalize(string name)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var inWord = i < name.Length && char.IsLetterOrDigit(name[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(name[start..i]);
                start = -1;
            }
        }

        return string.Join('-', words);
    }

    /// <summary>
    /// The service (and router) name of a container that names none: as in Traefik,
    /// <c>&lt;compose service&gt;-&lt;compose project&gt;</c> when both compose labels are present, so the
    /// replicas of one compose service share it; otherwise the container name. Normalized either way.
    /// </summary>
    public static string DefaultServiceName(ContainerInfo container) =>
        container is { ComposeService: { } service, ComposeProject: { } project }
            ? Normalize($"{service}_{project}")
            : Normalize(container.Name);
}
