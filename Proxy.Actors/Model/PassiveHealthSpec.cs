using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Model;

/// <summary>
/// A validated passive health check: <see cref="Options"/> is the checked record with the declared defaults
/// filled in (nginx's: 1 failure in 10 s ejects for 10 s), and its two durations kept parsed for the actor.
/// </summary>
public sealed record PassiveHealthSpec
{
    /// <param name="options">A record the declaration has checked; its defaults are filled in here.</param>
    public PassiveHealthSpec(PassiveHealthCheckConfig options)
    {
        Options = SchemaValidation.Resolve(PassiveHealthCheckConfig.Schema, options);
        FailureWindow = Duration.Checked(Options.FailureWindow);
        Cooldown = Duration.Checked(Options.Cooldown);
    }

    public PassiveHealthCheckConfig Options { get; }

    public TimeSpan FailureWindow { get; }

    public TimeSpan Cooldown { get; }

    public bool Equals(PassiveHealthSpec? other) =>
        other is not null && SchemaEquality.Same(PassiveHealthCheckConfig.Schema, Options, other.Options);

    public override int GetHashCode() => HashCode.Combine(FailureWindow, Cooldown);
}
