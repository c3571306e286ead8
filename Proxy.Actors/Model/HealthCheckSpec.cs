using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Model;

/// <summary>
/// A validated active health check: <see cref="Options"/> is the checked record with the declared defaults
/// filled in, and the fields an actor reads on every probe are kept here once parsed (time spans, the
/// initial state). Every field's name and default is declared by <see cref="HealthCheckConfig.Schema"/> alone.
/// </summary>
public sealed record HealthCheckSpec
{
    /// <param name="options">A record the declaration has checked; its defaults are filled in here.</param>
    public HealthCheckSpec(HealthCheckConfig options)
    {
        // One spelling of the values the declaration accepts in any case, as HTTP sends the method and the
        // API shows both.
        var resolved = SchemaValidation.Resolve(HealthCheckConfig.Schema, options);
        Options = resolved with { Method = resolved.Method!.ToUpperInvariant(), InitialState = resolved.InitialState!.ToLowerInvariant() };
        Interval = Duration.Checked(Options.Interval);
        Timeout = Duration.Checked(Options.Timeout);
        InitiallyUp = Options.InitialState != "down";
    }

    public HealthCheckConfig Options { get; }

    public TimeSpan Interval { get; }

    public TimeSpan Timeout { get; }

    public bool InitiallyUp { get; }

    /// <summary>The probe address for a server, with the check's scheme, port and path applied.</summary>
    public Uri ProbeUri(Uri server)
    {
        var builder = new UriBuilder(server)
        {
            Path = Options.Path,
            Query = string.Empty,
        };
        if (Options.Scheme is { } scheme)
        {
            builder.Scheme = scheme;
        }

        if (Options.Port is { } port)
        {
            builder.Port = port;
        }

        return builder.Uri;
    }

    /// <summary><c>status</c> left out accepts any 2xx or 3xx, as Traefik does.</summary>
    public bool Accepts(int status) =>
        Options.Status is { } expected ? status == expected : status is >= 200 and < 400;

    // By the declaration: the headers dictionary would otherwise compare by reference, and every reload
    // would look like a changed check and restart the probes. The parsed values follow from the options.
    public bool Equals(HealthCheckSpec? other) =>
        other is not null && SchemaEquality.Same(HealthCheckConfig.Schema, Options, other.Options);

    public override int GetHashCode() => HashCode.Combine(Options.Path, Interval, Timeout, Options.Port);
}
