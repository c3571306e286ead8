using System.Collections.Concurrent;
using System.Collections.Immutable;
using Proxy.Actors.Certificates;

namespace Proxy.Actors.Tests.Certificates.State;

/// <summary>
/// Storage files held in memory, by path: what the actor's tests read back. The node's file
/// storage (Proxy.Node, Traefik's acme.json) has its own tests against real files.
/// </summary>
public sealed class MemoryAcmeStorage : IAcmeStorage
{
    private readonly ConcurrentDictionary<string, AcmeStorageContent> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _unreadable = new(StringComparer.Ordinal);
    private int _writes;

    public int Writes => _writes;

    public AcmeStorageContent? this[string path] => _files.TryGetValue(path, out var content) ? content : null;

    public void Put(string path, AcmeStorageContent content) => _files[path] = content;

    public void MakeUnreadable(string path, string error) => _unreadable[path] = error;

    public AcmeStorageRead Read(string path, IReadOnlyList<AcmeResolverStorage> resolvers)
    {
        if (_unreadable.TryGetValue(path, out var error))
        {
            return new AcmeStorageRead(AcmeStorageContent.Empty, error, false);
        }

        if (!_files.TryGetValue(path, out var content))
        {
            return AcmeStorageRead.Missing;
        }

        var names = resolvers.Select(r => r.Resolver).ToHashSet(StringComparer.Ordinal);
        return new AcmeStorageRead(
            new AcmeStorageContent(
                [.. content.Accounts.Where(a => names.Contains(a.Resolver))],
                [.. content.Certificates.Where(c => names.Contains(c.Resolver))]),
            null,
            true);
    }

    public AcmeStorageWrite Write(string path, IReadOnlyList<AcmeResolverStorage> resolvers, AcmeStorageContent content)
    {
        if (_files.TryGetValue(path, out var existing)
            && existing.Accounts.SequenceEqual(content.Accounts)
            && existing.Certificates.Length == content.Certificates.Length
            && existing.Certificates.Zip(content.Certificates).All(p => AcmeCertificateOrder.Same(p.First, p.Second)))
        {
            return new AcmeStorageWrite(false, null);
        }

        _files[path] = content;
        Interlocked.Increment(ref _writes);
        return new AcmeStorageWrite(true, null);
    }

    public static ImmutableArray<AcmeResolverStorage> Resolvers(string path, params string[] names) =>
        [.. names.Select(n => new AcmeResolverStorage(n, path, new Uri("https://ca.test/dir")))];
}
