using System.Text;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Decodes Connection header lines for Kestrel (its RequestHeaderEncodingSelector) so that no token is
/// lost before the request reaches the proxy. Kestrel replaces a Connection line whose only known option
/// is close, keep-alive or upgrade with that option alone: <c>Connection: close, X-Secret</c> reads
/// <c>close</c>, and the header it names for this hop would be forwarded. A line whose one option is
/// close or upgrade is therefore given a second option that changes nothing, so Kestrel keeps it whole:
/// keep-alive (close wins over it; an upgrade is unaffected by it). Beside keep-alive alone nothing
/// neutral exists: a line naming headers beside it loses the keep-alive, which costs an HTTP/1.0 client
/// its persistent connection and nothing else. Every other line decodes as Kestrel would: ASCII, or
/// UTF-8. One limit remains: Kestrel judges all Connection lines together, so a line
/// <c>Connection: keep-alive</c> beside a line that only names headers is still replaced.
/// </summary>
internal sealed class ConnectionHeaderEncoding : Encoding
{
    private const string KeepAliveSuffix = ", keep-alive";
    private const int Close = 1;
    private const int KeepAlive = 2;
    private const int Upgrade = 4;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ConnectionHeaderEncoding Instance { get; } = new();

    /// <summary>Kestrel's selector: this encoding for Connection, Kestrel's default for every other header.</summary>
    public static Encoding? Select(string headerName) =>
        headerName.Length == 10 && headerName.Equals("Connection", StringComparison.OrdinalIgnoreCase) ? Instance : null;

    /// <summary>The connection option a token is, as Kestrel reads it, or 0 for a header name or anything else.</summary>
    internal static int OptionOf(ReadOnlySpan<char> token) =>
        token.Equals("close", StringComparison.OrdinalIgnoreCase) ? Close
        : token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase) ? KeepAlive
        : token.Equals("upgrade", StringComparison.OrdinalIgnoreCase) ? Upgrade
        : 0;

    /// <summary>What Kestrel should see for one line (ASCII only; others are decoded unchanged).</summary>
    internal static string Rewrite(string line) => Analyze(line) switch
    {
        Change.AppendKeepAlive => line + KeepAliveSuffix,
        Change.DropKeepAlive => WithoutKeepAlive(line),
        _ => line,
    };

    private static Change Analyze(ReadOnlySpan<char> line)
    {
        var options = 0;
        var named = false;
        foreach (var range in line.Split(','))
        {
            var part = line[range];
            // Kestrel skips only spaces before a token: a tab-led token is a name to it, not an option.
            var option = OptionOf(part.TrimStart(' ').TrimEnd(' '));
            options |= option;
            named |= option == 0 && part.Trim(" \t").Length > 0;
        }

        // A line holding close or upgrade alone gets its keep-alive too: another line of the same
        // request may name headers without any option, and Kestrel judges the lines together.
        return options is Close or Upgrade ? Change.AppendKeepAlive
            : options is KeepAlive && named ? Change.DropKeepAlive
            : Change.None;
    }

    private static string WithoutKeepAlive(ReadOnlySpan<char> line)
    {
        var kept = new StringBuilder(line.Length);
        foreach (var range in line.Split(','))
        {
            var part = line[range];
            if (OptionOf(part.TrimStart(' ').TrimEnd(' ')) != KeepAlive)
            {
                kept.Append(kept.Length == 0 ? string.Empty : ",").Append(part);
            }
        }

        return kept.ToString();
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => GetCharCount(bytes.AsSpan(index, count));

    public override int GetCharCount(ReadOnlySpan<byte> bytes)
    {
        if (!IsPlainAscii(bytes))
        {
            return Utf8.GetCharCount(bytes);
        }

        // A Connection line is a few tokens; a longer one is rare enough to be decoded on the heap.
        Span<char> line = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        Ascii.ToUtf16(bytes, line, out _);
        return Analyze(line) switch
        {
            Change.AppendKeepAlive => line.Length + KeepAliveSuffix.Length,
            Change.DropKeepAlive => WithoutKeepAlive(line).Length,
            _ => line.Length,
        };
    }

    public override unsafe int GetCharCount(byte* bytes, int count) => GetCharCount(new ReadOnlySpan<byte>(bytes, count));

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        GetChars(bytes.AsSpan(byteIndex, byteCount), chars.AsSpan(charIndex));

    public override int GetChars(ReadOnlySpan<byte> bytes, Span<char> chars)
    {
        if (!IsPlainAscii(bytes))
        {
            return Utf8.GetChars(bytes, chars);
        }

        // Kestrel sized its string with GetCharCount, which is shorter than the bytes when a
        // keep-alive is dropped: decode beside it first.
        Span<char> line = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        Ascii.ToUtf16(bytes, line, out _);
        switch (Analyze(line))
        {
            case Change.AppendKeepAlive:
                line.CopyTo(chars);
                KeepAliveSuffix.CopyTo(chars[line.Length..]);
                return line.Length + KeepAliveSuffix.Length;
            case Change.DropKeepAlive:
                var kept = WithoutKeepAlive(line);
                kept.CopyTo(chars);
                return kept.Length;
            default:
                line.CopyTo(chars);
                return line.Length;
        }
    }

    public override unsafe int GetChars(byte* bytes, int byteCount, char* chars, int charCount) =>
        GetChars(new ReadOnlySpan<byte>(bytes, byteCount), new Span<char>(chars, charCount));

    public override int GetMaxCharCount(int byteCount) => byteCount + KeepAliveSuffix.Length;

    // Kestrel only decodes with it; encoding is ASCII, as a header line is written.
    public override int GetByteCount(char[] chars, int index, int count) => ASCII.GetByteCount(chars, index, count);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        ASCII.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

    public override int GetMaxByteCount(int charCount) => charCount;

    /// <summary>
    /// ASCII is rewritten; anything else is decoded as strict UTF-8, as Kestrel's default does. NUL is
    /// refused as Kestrel refuses it.
    /// </summary>
    private static bool IsPlainAscii(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Contains((byte)0))
        {
            throw new DecoderFallbackException("A Connection header holds a NUL character.");
        }

        return Ascii.IsValid(bytes);
    }

    private enum Change
    {
        None,
        AppendKeepAlive,
        DropKeepAlive,
    }
}
