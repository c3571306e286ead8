namespace Proxy.Actors.Model.Config;

/// <summary>
/// The options of one middleware type (<see cref="RetryConfig"/>, ...). A type is known by its entry
/// in <see cref="MiddlewareTypes"/>, which names it and gives its declared fields.
/// </summary>
public interface IMiddlewareConfig;
