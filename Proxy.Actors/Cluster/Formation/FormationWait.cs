namespace Proxy.Actors.Cluster.Formation;

/// <summary>Why a forming node waits; a change of kind is what the log reports, not every round's new figures.</summary>
public enum FormationWait
{
    NothingResolved,
    LookupFailed,
    NotAContactPoint,
    Unstable,
    Unanswered,
    TooFewContactPoints,
    NotLowest,
}
