namespace Proxy.Actors.Requests;

/// <summary>What to do after a failed attempt.</summary>
public abstract record RetryDecision;

/// <summary>Try another server after <paramref name="Delay"/>.</summary>
public sealed record RetryAfter(TimeSpan Delay) : RetryDecision;

/// <summary>Stop and answer the client with <paramref name="StatusCode"/> (unless the response already started).</summary>
public sealed record GiveUp(int StatusCode, string Reason) : RetryDecision;
