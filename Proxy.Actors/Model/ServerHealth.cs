namespace Proxy.Actors.Model;

/// <summary>What the request path needs to know about a server. Names match Traefik's API.</summary>
public enum ServerHealth
{
    Up,
    Down,
    Draining,
}
