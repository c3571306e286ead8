using System.Buffers.Binary;
using Proxy.Node.Middlewares;

namespace Proxy.Node.Tests.Middlewares;

/// <summary>
/// The reference implementation's vectors for the 128-bit output: key 00..0f, message 00..(n-1), the 16 bytes
/// as the reference writes them (the first half little-endian, then the second).
/// </summary>
public sealed class SipHashTests
{
    [Theory]
    [InlineData(0, "a3817f04ba25a8e66df67214c7550293")]
    [InlineData(1, "da87c1d86b99af44347659119b22fc45")]
    [InlineData(7, "a1f1ebbed8dbc153c0b84aa61ff08239")]
    [InlineData(8, "3b62a9ba6258f5610f83e264f31497b4")]
    [InlineData(15, "5493e99933b0a8117e08ec0f97cfc3d9")]
    [InlineData(16, "6ee2a4ca67b054bbfd3315bf85230577")]
    [InlineData(63, "5150d1772f50834a503e069a973fbd7c")]
    public void Hash_ReferenceVector_Matches(int length, string expected)
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var message = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();

        var hash = new SipHash(key).Hash(message);

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)hash);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], (ulong)(hash >> 64));
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Hash_TwoInstances_DifferentKeysDifferentHashes()
    {
        var data = "user\0password"u8;

        Assert.NotEqual(new SipHash().Hash(data), new SipHash().Hash(data));
    }
}
