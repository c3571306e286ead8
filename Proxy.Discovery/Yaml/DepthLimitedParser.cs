using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Proxy.Discovery.Yaml;

/// <summary>
/// Stops a YAML event stream at the first collection nested deeper than the limit. YamlDotNet's
/// scanner and parser are iterative, but its node loader (YamlStream) recurses once per level, so
/// 100,000 nested '[' overflow the stack and kill the process; and the scanner's work per token
/// grows with the nesting, so deep files are slow long before they overflow. Counting on the events,
/// before the loader sees them, rejects such a file after reading only its first levels.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner, YamlLimits limits) : IParser
{
    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++_depth > limits.MaxDepth:
                var start = inner.Current.Start;
                throw new YamlException(start, inner.Current.End,
                    $"nesting deeper than {limits.MaxDepth} levels (the limit for a {limits.Kind})");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
