using System.Runtime.Serialization;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Cluster;

/// <summary>
/// The servers' sources of one configuration, written once each. A Docker host's servers all
/// start with the same <c>docker:&lt;host&gt;/</c>: written whole, the sources make a shard much
/// larger (docs/cluster.md). So each source is written as an index into this
/// table of prefixes (up to the last '/') and the rest of it.
/// </summary>
internal sealed class SourcePrefixes
{
    private readonly List<string> _prefixes;
    private readonly Dictionary<string, int> _indexes;

    private SourcePrefixes(List<string> prefixes)
    {
        _prefixes = prefixes;
        _indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < prefixes.Count; i++)
        {
            _indexes[prefixes[i]] = i;
        }
    }

    /// <summary>The table for <paramref name="config"/>'s servers, written before them.</summary>
    public static SourcePrefixes Write(BinaryWriter w, DynamicConfig config)
    {
        var prefixes = config.Services.Values
            .SelectMany(s => s.LoadBalancer is { Servers.IsDefault: false } lb ? lb.Servers : [])
            .Select(s => s.Source)
            .OfType<string>()
            .Select(Prefix)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        w.Write7BitEncodedInt(prefixes.Count);
        foreach (var prefix in prefixes)
        {
            w.Write(prefix);
        }

        return new SourcePrefixes(prefixes);
    }

    public static SourcePrefixes Read(BinaryReader r)
    {
        var count = r.Read7BitEncodedInt();
        var prefixes = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            prefixes.Add(r.ReadString());
        }

        return new SourcePrefixes(prefixes);
    }

    /// <summary>0 for none, else the prefix's index plus one, then the rest.</summary>
    public void WriteSource(BinaryWriter w, string? source)
    {
        if (source is null)
        {
            w.Write7BitEncodedInt(0);
            return;
        }

        var prefix = Prefix(source);
        w.Write7BitEncodedInt(_indexes[prefix] + 1);
        w.Write(source[prefix.Length..]);
    }

    public string? ReadSource(BinaryReader r)
    {
        var index = r.Read7BitEncodedInt();
        if (index == 0)
        {
            return null;
        }

        if (index > _prefixes.Count)
        {
            throw new SerializationException($"ProxySerializer: source prefix {index - 1} of a table of {_prefixes.Count}.");
        }

        return _prefixes[index - 1] + r.ReadString();
    }

    private static string Prefix(string source) => source[..(source.LastIndexOf('/') + 1)];
}
