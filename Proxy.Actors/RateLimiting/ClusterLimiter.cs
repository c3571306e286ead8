using System.Collections.Concurrent;
using Akka.Actor;

namespace Proxy.Actors.RateLimiting;

/// <summary>
/// A node's way to the cluster-wide limits: which member owns a key (<see cref="Rendezvous"/> over
/// <see cref="Members"/>, published by <see cref="RateLimiterActor"/>), the asks to owners, and which
/// owners did not answer lately. One per node, shared by every handler; the per-key state lives in the
/// handlers (<see cref="ClusterRateKey"/>, <see cref="ClusterSlotKey"/>).
/// </summary>
public sealed class ClusterLimiter
{
    /// <summary>The limiter actor's name under /user on every node.</summary>
    public const string ActorName = "rate-limiter";

    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<string, ActorSelection> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lostUntil = new(StringComparer.Ordinal);
    private readonly long _lostTicks;
    private LimiterMembers _members = LimiterMembers.None;

    public ClusterLimiter(ActorSystem system, string selfAddress, TimeProvider time, ClusterLimiterSettings settings)
    {
        _system = system;
        Self = selfAddress;
        Time = time;
        Settings = settings;
        _lostTicks = Ticks(settings.LostOwnerRetry);
    }

    /// <summary>This node's address as <see cref="Members"/> write it.</summary>
    public string Self { get; }

    public TimeProvider Time { get; }

    public ClusterLimiterSettings Settings { get; }

    public LimiterMembers Members => Volatile.Read(ref _members);

    /// <summary>The members that may own keys; called by the limiter actor alone.</summary>
    public void Publish(LimiterMembers members)
    {
        Volatile.Write(ref _members, members);
        // A member seen again (reachable, or up after a restart) is asked at once.
        foreach (var address in _lostUntil.Keys)
        {
            if (!members.Addresses.Contains(address))
            {
                _lostUntil.TryRemove(address, out _);
            }
        }
    }

    /// <summary>The owner of <paramref name="key"/> among <paramref name="members"/>; this node when there is none yet.</summary>
    public static string OwnerOf(string key, LimiterMembers members, string self) => Rendezvous.Owner(key, members.Addresses) ?? self;

    /// <summary>Whether <paramref name="owner"/> failed to answer within <see cref="ClusterLimiterSettings.LostOwnerRetry"/>.</summary>
    public bool IsLost(string owner, long now) => _lostUntil.TryGetValue(owner, out var until) && now < until;

    public void MarkLost(string owner, long now) => _lostUntil[owner] = now + _lostTicks;

    public long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Time.TimestampFrequency);

    public TimeSpan Span(long ticks) => TimeSpan.FromSeconds(ticks / (double)Time.TimestampFrequency);

    /// <summary>Asks <paramref name="owner"/>; a timeout or a lost connection throws, and the caller counts the owner as lost.</summary>
    public Task<TAnswer> AskAsync<TAnswer>(string owner, object message) =>
        Owner(owner).Ask<TAnswer>(message, Settings.AskTimeout);

    /// <summary>Tells <paramref name="owner"/>, for what needs no answer (slots given back).</summary>
    public void Tell(string owner, object message) => Owner(owner).Tell(message, ActorRefs.NoSender);

    private ActorSelection Owner(string address) =>
        _owners.GetOrAdd(address, static (a, system) => system.ActorSelection($"{a}/user/{ActorName}"), _system);
}
