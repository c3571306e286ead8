using System.Text;
using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>
/// What Kestrel is given for a Connection line: unchanged unless Kestrel could replace it, alone or
/// with the request's other Connection lines, by one option and lose the header names beside it.
/// </summary>
public sealed class ConnectionHeaderEncodingTests
{
    [Theory]
    [InlineData("close", "close, keep-alive")]
    [InlineData("keep-alive", "keep-alive")]
    [InlineData("Upgrade", "Upgrade, keep-alive")]
    [InlineData("X-Secret", "X-Secret")]
    [InlineData("keep-alive, Upgrade", "keep-alive, Upgrade")]
    [InlineData("close, keep-alive, X-Secret", "close, keep-alive, X-Secret")]
    [InlineData("close, X-Secret", "close, X-Secret, keep-alive")]
    [InlineData("X-Secret,CLOSE", "X-Secret,CLOSE, keep-alive")]
    [InlineData("Upgrade, HTTP2-Settings", "Upgrade, HTTP2-Settings, keep-alive")]
    [InlineData("keep-alive, X-Secret", " X-Secret")]
    [InlineData("X-A, Keep-Alive ,X-B", "X-A,X-B")]
    [InlineData("close,\tX-Secret", "close,\tX-Secret, keep-alive")]
    public void Rewrite_ConnectionLine_WhatKestrelSees(string line, string expected)
    {
        Assert.Equal(expected, ConnectionHeaderEncoding.Rewrite(line));
    }

    [Theory]
    [InlineData("close, X-Secret", "close, X-Secret, keep-alive")]
    [InlineData("keep-alive, X-Secret", " X-Secret")]
    [InlineData("keep-alive", "keep-alive")]
    public void GetString_Ascii_Rewritten(string line, string expected)
    {
        // GetString sizes the string with GetCharCount and fills it with GetChars, as Kestrel does.
        Assert.Equal(expected, ConnectionHeaderEncoding.Instance.GetString(Encoding.ASCII.GetBytes(line)));
    }

    [Fact]
    public void GetString_LongLine_Rewritten()
    {
        var line = "close, " + string.Join(", ", Enumerable.Range(0, 60).Select(i => $"X-Header-{i}"));

        Assert.Equal(line + ", keep-alive", ConnectionHeaderEncoding.Instance.GetString(Encoding.ASCII.GetBytes(line)));
    }

    [Fact]
    public void GetString_Utf8_DecodedUnchanged()
    {
        Assert.Equal("café, close", ConnectionHeaderEncoding.Instance.GetString(Encoding.UTF8.GetBytes("café, close")));
    }

    [Theory]
    [InlineData(new byte[] { 0x63, 0x00, 0x6c })]
    [InlineData(new byte[] { 0x63, 0xff, 0x6c })]
    public void GetString_NulOrInvalidUtf8_Refused(byte[] bytes)
    {
        Assert.Throws<DecoderFallbackException>(() => ConnectionHeaderEncoding.Instance.GetString(bytes));
    }

    [Theory]
    [InlineData("Connection", true)]
    [InlineData("connection", true)]
    [InlineData("Content-Type", false)]
    [InlineData("Proxy-Connection", false)]
    public void Select_HeaderName_OnlyConnection(string name, bool selected)
    {
        Assert.Equal(selected, ConnectionHeaderEncoding.Select(name) is not null);
    }
}
