using System.Collections.Immutable;

namespace Proxy.Actors.Model.Views;

/// <summary>
/// A provider's standing: <see cref="ObjectStatus.Warning"/> when its last read failed and its
/// last good configuration is still serving.
/// </summary>
public sealed record ProviderView(string Name, ObjectStatus Status, ImmutableArray<ConfigError> Errors, DateTimeOffset LastChange);
