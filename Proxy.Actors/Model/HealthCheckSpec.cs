using System.Collections.Immutable;

namespace Proxy.Actors.Model;

/// <summary>
/// A validated active health check. <see cref="ExpectedStatus"/> null accepts any 2xx or 3xx,
/// as Traefik does.
/// </summary>
public sealed record HealthCheckSpec(
    string Path,
    TimeSpan Interval,
    TimeSpan Timeout,
    string? Scheme,
    string? Hostname,
    int? Port,
    ImmutableSortedDictionary<string, string> Headers,
    string Method,
    int? ExpectedStatus,
    int FailureThreshold,
    int SuccessThreshold,
    bool InitiallyUp)
{
    /// <summary>The probe address for a server, with the check's scheme, port and path applied.</summary>
    public Uri ProbeUri(Uri server)
    {
        var builder = new UriBuilder(server)
        {
            Path = Path,
            Query = string.Empty,
        };
        if (Scheme is not null)
        {
            builder.Scheme = Scheme;
        }

        if (Port is not null)
        {
            builder.Port = Port.Value;
        }

        return builder.Uri;
    }

    public bool Accepts(int status) =>
        ExpectedStatus is { } expected ? status == expected : status is >= 200 and < 400;

    // Structural equality: the headers dictionary would otherwise compare by reference, and every
    // reload would look like a changed check and restart the probes.
    public bool Equals(HealthCheckSpec? other) =>
        other is not null
        && Path == other.Path && Interval == other.Interval && Timeout == other.Timeout
        && Scheme == other.Scheme && Hostname == other.Hostname && Port == other.Port
        && Method == other.Method && ExpectedStatus == other.ExpectedStatus
        && FailureThreshold == other.FailureThreshold && SuccessThreshold == other.SuccessThreshold
        && InitiallyUp == other.InitiallyUp && Headers.SequenceEqual(other.Headers);

    public override int GetHashCode() => HashCode.Combine(Path, Interval, Timeout, Port, Method);
}
