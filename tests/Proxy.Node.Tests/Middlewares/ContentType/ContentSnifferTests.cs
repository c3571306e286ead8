using System.Text;
using Proxy.Node.Middlewares.ContentType;
using Xunit;

namespace Proxy.Node.Tests.Middlewares.ContentType;

public sealed class ContentSnifferTests
{
    [Theory]
    [InlineData("<html><body>x</body></html>", "text/html; charset=utf-8")]
    [InlineData("  \n<!DOCTYPE html>\n<html>", "text/html; charset=utf-8")]
    [InlineData("<p>para</p>", "text/html; charset=utf-8")]
    [InlineData("<?xml version=\"1.0\"?><a/>", "text/xml; charset=utf-8")]
    [InlineData("%PDF-1.7", "application/pdf")]
    [InlineData("GIF89a....", "image/gif")]
    [InlineData("plain words, nothing more", "text/plain; charset=utf-8")]
    [InlineData("{\"json\": true}", "text/plain; charset=utf-8")]
    [InlineData("<pre>not a tag we know", "text/plain; charset=utf-8")]
    public void Detect_Text_TypeGoWouldGive(string body, string expected) =>
        Assert.Equal(expected, ContentSniffer.Detect(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Detect_Png_ImagePng() =>
        Assert.Equal("image/png", ContentSniffer.Detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));

    [Fact]
    public void Detect_BinaryBytes_OctetStream() =>
        Assert.Equal("application/octet-stream", ContentSniffer.Detect([0x01, 0x02, 0x03, 0x41]));

    [Fact]
    public void Detect_BinaryByteBeyondWindow_StillText()
    {
        var body = new byte[ContentSniffer.Window + 10];
        Array.Fill(body, (byte)'a');
        body[^1] = 0x01;

        Assert.Equal("text/plain; charset=utf-8", ContentSniffer.Detect(body));
    }
}
