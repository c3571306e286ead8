using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace Proxy.Node.Hosting;

/// <summary>
/// The node's validated static configuration: what it listens on and how it starts and stops. Fixed for
/// the life of the process; routers and services are dynamic configuration and live elsewhere.
/// </summary>
public sealed record StaticConfig(
    ImmutableSortedDictionary<string, EntryPointConfig> EntryPoints,
    ListenAddress ApiAddress,
    FileProviderConfig? FileProvider,
    LogLevel LogLevel,
    TimeSpan RequestAcceptGraceTimeout,
    TimeSpan GraceTimeout,
    RequestActorMode RequestActorMode,
    string? ConfigFile);
