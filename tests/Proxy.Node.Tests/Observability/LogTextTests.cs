using Proxy.Node.Observability;

namespace Proxy.Node.Tests.Observability;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\r\nb", @"a\r\nb")]
    [InlineData("tab\there", @"tab\there")]
    [InlineData("\u001b[31mred", @"\x1B[31mred")]
    [InlineData("nul\0del\u007f", @"nul\x00del\x7F")]
    [InlineData("next\u0085line", @"next\x85line")]
    [InlineData("line\u2028para\u2029", @"line\u2028para\u2029")]
    [InlineData(@"back\slash `^/a\d+$`", @"back\slash `^/a\d+$`")]
    [InlineData("h\u00e9llo \u00a0", "h\u00e9llo \u00a0")]
    public void Escape_Text_ControlCharactersEscaped(string text, string expected) =>
        Assert.Equal(expected, LogText.Escape(text));

    [Fact]
    public void Escape_EveryCharacter_NoLineBreakLeft()
    {
        var all = string.Concat(Enumerable.Range(0, 0x10000).Select(c => (char)c));

        var escaped = LogText.Escape(all);

        Assert.DoesNotContain(escaped, c => char.IsControl(c) || c is '\u2028' or '\u2029');
    }
}
