using System.Globalization;
using System.Text;
using Proxy.Actors.Files;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Proxy.Discovery.Yaml;

/// <summary>Reads configuration YAML within <see cref="YamlLimits"/>: size before reading, depth while parsing.</summary>
public static class BoundedYaml
{
    /// <summary>
    /// Loads <paramref name="text"/>; a nesting deeper than the limit, or an alias inside the node its
    /// anchor names, is a <see cref="YamlException"/> at its mark.
    /// </summary>
    public static YamlStream Load(string text, YamlLimits limits)
    {
        // Before loading: YamlDotNet hashes the nodes it builds, and a node that contains itself overflows the stack.
        if (YamlCycles.Find(text, limits) is { } cycle)
        {
            throw new YamlException(cycle.Start, cycle.Start, $"alias *{cycle.Anchor} is inside the node &{cycle.Anchor} names; a node cannot contain itself");
        }

        var stream = new YamlStream();
        stream.Load(new DepthLimitedParser(new Parser(new StringReader(text)), limits));
        return stream;
    }

    /// <summary>
    /// Reads a file's text, refusing one larger than the limit before reading it (parsing a file
    /// costs several times its size in memory) and while reading it: a file that grows meanwhile,
    /// or one whose length says nothing, stops at the limit. Anything but a regular file (a FIFO, a device) is refused
    /// by <see cref="RegularFile"/>.
    /// </summary>
    /// <exception cref="FileTooLargeException">The file is larger than <see cref="YamlLimits.MaxBytes"/>.</exception>
    public static string ReadFile(string path, YamlLimits limits)
    {
        using var file = RegularFile.OpenRead(path);
        if (file.CanSeek && file.Length > limits.MaxBytes)
        {
            throw new FileTooLargeException(
                $"{Path.GetFileName(path)} is {Describe(file.Length)}, larger than the {limits.MaxSizeText} limit for a {limits.Kind}");
        }

        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = new StringBuilder();
        var buffer = new char[64 * 1024];
        int read;
        while ((read = reader.Read(buffer)) > 0)
        {
            // Without a position, characters stand in for bytes: never more than the bytes they came from.
            if ((file.CanSeek ? file.Position : text.Length + read) > limits.MaxBytes)
            {
                throw new FileTooLargeException(
                    $"{Path.GetFileName(path)} goes on past the {limits.MaxSizeText} limit for a {limits.Kind} (it grew while it was read, or is a device or a pipe)");
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }

    private static string Describe(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
