using System.Collections.Immutable;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// A middleware as written by a provider. Exactly one of the typed parts should be set;
/// <see cref="UnknownTypes"/> keeps the names of types we do not implement so the validator
/// can name them in the error instead of silently ignoring them.
/// </summary>
public sealed record MiddlewareConfig(
    RetryConfig? Retry,
    StripPrefixConfig? StripPrefix,
    AddPrefixConfig? AddPrefix,
    HeadersConfig? Headers,
    ImmutableArray<string> UnknownTypes)
{
    public static MiddlewareConfig None { get; } = new(null, null, null, null, ImmutableArray<string>.Empty);
}

/// <summary>
/// Traefik's retry (<c>attempts</c>, <c>initialInterval</c>), plus whether non-idempotent methods
/// may be retried and how much of a request body may be buffered to replay it.
/// </summary>
public sealed record RetryConfig(int? Attempts, string? InitialInterval, bool? RetryNonIdempotent, long? MaxBodyBytes);

public sealed record StripPrefixConfig(ImmutableArray<string> Prefixes);

public sealed record AddPrefixConfig(string? Prefix);

public sealed record HeadersConfig(
    ImmutableSortedDictionary<string, string> CustomRequestHeaders,
    ImmutableSortedDictionary<string, string> CustomResponseHeaders);
