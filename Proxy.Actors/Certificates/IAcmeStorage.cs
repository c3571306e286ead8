namespace Proxy.Actors.Certificates;

/// <summary>
/// A node's ACME storage files (Traefik's acme.json format; the node implements it on its file
/// system). Several resolvers may share one file; a file may hold resolvers this node does not
/// configure, which a write keeps as they are.
/// </summary>
public interface IAcmeStorage
{
    /// <summary>What the file at <paramref name="path"/> holds for <paramref name="resolvers"/>; a missing file holds nothing.</summary>
    AcmeStorageRead Read(string path, IReadOnlyList<AcmeResolverStorage> resolvers);

    /// <summary>
    /// Writes <paramref name="content"/> as the sections of <paramref name="resolvers"/> in the file at
    /// <paramref name="path"/>, atomically, and only when that changes the file.
    /// </summary>
    AcmeStorageWrite Write(string path, IReadOnlyList<AcmeResolverStorage> resolvers, AcmeStorageContent content);
}
