using System.Collections.Immutable;

namespace Proxy.Node.Hosting;

/// <summary>
/// How a list option travels through the sources: as one comma-separated string, so that the layers,
/// the validator and error messages handle it like any other value and only the binder splits it.
/// </summary>
public static class OptionList
{
    public const char Separator = ',';

    public static bool IsList(this OptionKind kind) => kind is OptionKind.EndpointList or OptionKind.AddressList or OptionKind.NameList or OptionKind.HostList or OptionKind.NetworkList or OptionKind.FileList or OptionKind.DomainList;

    /// <summary>The items as written, trimmed; an empty item stays so that the validator can name it.</summary>
    public static ImmutableArray<string> Split(string text) =>
        [.. text.Split(Separator).Select(item => item.Trim())];

    /// <summary>A list given again in the same source grows rather than being replaced.</summary>
    public static string Append(string existing, string more) => existing + Separator + more;
}
