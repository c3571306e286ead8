using System.Collections.Immutable;

namespace Proxy.Actors.Certificates;

/// <summary>The accounts and certificates of the resolvers of one storage file.</summary>
public sealed record AcmeStorageContent(ImmutableArray<AcmeStoredAccount> Accounts, ImmutableArray<AcmeStoredCertificate> Certificates)
{
    public static AcmeStorageContent Empty { get; } = new([], []);
}
