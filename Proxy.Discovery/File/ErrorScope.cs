using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.File;

/// <summary>
/// Where errors found while reading one object go, and whether any were found, so that the
/// caller can leave the object out after reading every field (and so reporting every error).
/// </summary>
internal sealed class ErrorScope(ParseErrors errors, string? consequence)
{
    public bool HasErrors { get; private set; }

    public void Report(string path, YamlNode at, string problem)
    {
        HasErrors = true;
        errors.Add(path, at, consequence is null ? problem : $"{problem}; {consequence}");
    }
}
