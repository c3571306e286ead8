using System.Text;
using Proxy.Node.Observability;

namespace Proxy.Node.Cli;

/// <summary>
/// Rows under a header in columns padded to their widest cell, as kubectl and docker print them.
/// Cells hold what the API shows (rules, label keys, error messages, which quote others' input):
/// their control characters are escaped, so a cell cannot break a row or send escape sequences to
/// the operator's terminal.
/// </summary>
internal static class TextTable
{
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(header).Select(row => row.Select(LogText.Escape).ToList()).ToList();
        var widths = Enumerable.Range(0, header.Count).Select(i => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString();
    }
}
