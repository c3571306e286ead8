using Akka.Event;

namespace Proxy.Node.Observability;

/// <summary>
/// Which of Akka's own transport log entries are about a refused TLS peer (no certificate, plain
/// TCP, a failed handshake): a stranger retrying every few seconds makes Akka write several such
/// lines per attempt, so these, and only these, go through a rate limit.
/// </summary>
public static class TransportRefusalLogPolicy
{
    private static readonly string[] Sources = ["TcpServerHandler", "TcpClientHandler", "TcpTransport"];

    private static readonly string[] Markers =
    [
        "TLS handshake failed",
        "Rejected incoming connection",
        "NotSslRecordException",
        "did not provide a certificate",
    ];

    /// <summary>The rate limit's key for a refusal entry (its source's kind and what it says), or null for any other entry.</summary>
    public static string? Key(LogEvent logEvent)
    {
        var source = Sources.FirstOrDefault(s => logEvent.LogSource?.StartsWith(s, StringComparison.Ordinal) == true);
        if (source is null)
        {
            return null;
        }

        var text = logEvent.Message?.ToString() ?? string.Empty;
        var marker = Markers.FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal));
        return marker is null ? null : $"{source}: {marker}";
    }
}
