namespace Proxy.Actors.Cluster;

/// <summary>
/// A backend's state as one node saw it. The numeric values are written on the wire:
/// append new states, never renumber.
/// </summary>
public enum ObservedHealth
{
    Up = 0,
    Down = 1,
    Draining = 2,
    Ejected = 3,
}
