namespace Proxy.Actors.Cluster.Formation;

/// <summary>
/// Looks the seed's name up, every time afresh (no cache: a change of the records is what the formation
/// waits for). The DNS client is the host's; the formation only sees the outcome, so that its rule and
/// its actor are tested without a network.
/// </summary>
public interface IContactPointResolver
{
    /// <summary>The seed as the operator wrote it, for messages (<c>dns:proxy:4040</c>).</summary>
    string Describe { get; }

    /// <summary>Never throws: a failure is a <see cref="ContactPointLookup"/> with its error.</summary>
    Task<ContactPointLookup> LookupAsync(CancellationToken cancellation);
}
