namespace Proxy.Node.Hosting;

public enum AccessLogFormat
{
    Common,
    Json,
}

/// <summary>The access log's static options. <paramref name="FilePath"/> null means standard output.</summary>
public sealed record AccessLogSettings(string? FilePath, AccessLogFormat Format);
