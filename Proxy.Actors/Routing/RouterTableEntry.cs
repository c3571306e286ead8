using Proxy.Actors.Routing.Rules;

namespace Proxy.Actors.Routing;

/// <summary>One router as the table sees it: what to return, and when and in which order.</summary>
public sealed record RouterTableEntry<TRoute>(TRoute Route, string Name, int Priority, CompiledRule Rule)
    where TRoute : class;
