using Microsoft.Extensions.Primitives;
using Proxy.Actors.Model.Config;
using Proxy.Node.Middlewares.Compress;
using Xunit;

namespace Proxy.Node.Tests.Middlewares.Compress;

public sealed class AcceptEncodingTests
{
    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip, br", "br")]
    [InlineData("gzip, br, zstd", "zstd")]
    [InlineData("gzip;q=1, br;q=0.5", "gzip")]
    [InlineData("GZIP;Q=0.8, deflate", "gzip")]
    [InlineData("*", "zstd")]
    [InlineData("*, zstd;q=0", "br")]
    [InlineData("*;q=0.1, gzip;q=0.2", "gzip")]
    [InlineData("gzip;q=0", null)]
    [InlineData("gzip;q=nope", null)]
    [InlineData("identity", null)]
    [InlineData("deflate, compress", null)]
    [InlineData("", null)]
    [InlineData("*;q=0", null)]
    public void Choose_HeaderWithDefaultEncodings_HighestQThenConfiguredOrder(string header, string? expected) =>
        Assert.Equal(expected, AcceptEncoding.Choose(new StringValues(header), CompressConfig.KnownEncodings, defaultEncoding: null));

    [Fact]
    public void Choose_SeveralHeaderLines_ReadTogether() =>
        Assert.Equal("gzip", AcceptEncoding.Choose(new StringValues(["br;q=0.1", "gzip;q=0.9"]), CompressConfig.KnownEncodings, null));

    [Fact]
    public void Choose_EncodingNotConfigured_NotChosen() =>
        Assert.Null(AcceptEncoding.Choose(new StringValues("zstd"), ["gzip", "br"], null));

    [Theory]
    [InlineData(null, null)]
    [InlineData("gzip", "gzip")]
    public void Choose_NoHeader_DefaultEncoding(string? defaultEncoding, string? expected) =>
        Assert.Equal(expected, AcceptEncoding.Choose(StringValues.Empty, CompressConfig.KnownEncodings, defaultEncoding));

    [Theory]
    [InlineData("*", "gzip")]
    [InlineData("*, br", "gzip")]
    [InlineData("br, *;q=0.5", "br")]
    [InlineData("gzip;q=0.5, *", "zstd")]
    [InlineData("gzip;q=0, *", "zstd")]
    [InlineData("zstd;q=0.5, br;q=0.5, gzip;q=0.5, *", "zstd")]
    public void Choose_WildcardWins_DefaultEncodingUnlessTheClientRankedItLower(string header, string? expected) =>
        Assert.Equal(expected, AcceptEncoding.Choose(new StringValues(header), CompressConfig.KnownEncodings, defaultEncoding: "gzip"));

    [Theory]
    [InlineData("gzip, *", "zstd")]
    [InlineData("gzip;q=0.5, *", "zstd")]
    [InlineData("zstd;q=0.5, *", "br")]
    public void Choose_WildcardWinsWithoutDefault_FirstConfigured(string header, string expected) =>
        Assert.Equal(expected, AcceptEncoding.Choose(new StringValues(header), CompressConfig.KnownEncodings, defaultEncoding: null));

    [Theory]
    [InlineData("identity, gzip;q=0.5", null)]
    [InlineData("identity, gzip", "gzip")]
    [InlineData("identity;q=0.5, gzip", "gzip")]
    [InlineData("identity, *;q=0.5", null)]
    [InlineData("identity, *", "zstd")]
    public void Choose_Identity_WinsOnlyAboveEveryOther(string header, string? expected) =>
        Assert.Equal(expected, AcceptEncoding.Choose(new StringValues(header), CompressConfig.KnownEncodings, defaultEncoding: null));

    [Fact]
    public void Choose_ConfiguredOrder_BreaksTies() =>
        Assert.Equal("gzip", AcceptEncoding.Choose(new StringValues("br, gzip"), ["gzip", "br"], null));
}
