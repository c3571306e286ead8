using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing.Middlewares;

namespace Proxy.Actors.Tests.Support;

/// <summary>
/// The host's part of a chain for actor tests, which cannot reference the HTTP handlers: each
/// handler only carries its definition, and the factory counts what it made. A type can be made to
/// fail, as a host without a handler for it does, or to wait on a gate, as a slow build would.
/// </summary>
public sealed class CountingHandlerFactory(string? unsupportedType = null, ManualResetEventSlim? gate = null) : IMiddlewareHandlerFactory
{
    private int _created;

    public int Created => Volatile.Read(ref _created);

    /// <summary>Set once a build reached the gate.</summary>
    public ManualResetEventSlim AtGate { get; } = new();

    public IMiddlewareHandler Create(MiddlewareSnapshot definition)
    {
        if (definition.Type == unsupportedType)
        {
            throw new NotSupportedException($"middleware '{definition.Name}' has type '{definition.Type}', for which this node has no handler");
        }

        if (gate is not null && !gate.IsSet)
        {
            AtGate.Set();
            // Bounded, so that a test that forgets to open the gate fails instead of hanging.
            if (!gate.Wait(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("the test never opened the gate");
            }
        }

        Interlocked.Increment(ref _created);
        return new Handler(definition);
    }

    private sealed record Handler(MiddlewareSnapshot Definition) : IMiddlewareHandler;
}
