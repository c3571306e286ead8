using System.Collections.Immutable;

namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// What decoding produced: everything that could be read, and an error for everything that could not
/// (each already saying what was left out).
/// </summary>
public sealed record Decoded<T>(T Value, ImmutableArray<DecodeError> Errors);
