using System.Text;
using Proxy.Node.Observability;

namespace Proxy.Node.Cli;

/// <summary>
/// Rows under a header in columns padded to their widest cell, as kubectl and docker print them. The
/// cells come from whoever wrote a container's labels or a YAML file: their control characters are
/// escaped as in the log, so none reaches the operator's terminal as an escape sequence or a line.
/// </summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).Select(r => (IReadOnlyList<string>)[.. r.Select(LogText.Escape)]).ToList();
        var widths = Enumerable.Range(0, header.Count).Select(i => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}
