using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Proxy.Discovery.Yaml;

/// <summary>
/// Finds an alias inside the node its anchor names (<c>&amp;a [*a]</c>): YamlDotNet builds such a
/// file into a node that contains itself, and hashing or walking it recurses until the stack
/// overflows, which ends the process (found by ops/fuzz). One pass over the parser's events,
/// without building nodes and without recursion, before the file is loaded; a file past the depth
/// limit is left for the load to refuse.
/// </summary>
internal static class YamlCycles
{
    /// <summary>Where the first such alias is and the anchor it names, or null when there is none.</summary>
    public static (Mark Start, string Anchor)? Find(string content, YamlLimits limits)
    {
        // Depth-limited as the load is, so that a deeply nested file is refused at the limit, not read to its end.
        var parser = new DepthLimitedParser(new Parser(new StringReader(content)), limits);
        var open = new List<string?>();
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        var anchor = ((NodeEvent)parser.Current).Anchor;
                        open.Add(anchor.IsEmpty ? null : anchor.Value);
                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        open.RemoveAt(open.Count - 1);
                        break;
                    case AnchorAlias alias when open.Contains(alias.Value.Value):
                        return (alias.Start, alias.Value.Value);
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // Malformed YAML (YamlDotNet's scanner throws all three): loading the file reports it, with its position.
        }

        return null;
    }
}
