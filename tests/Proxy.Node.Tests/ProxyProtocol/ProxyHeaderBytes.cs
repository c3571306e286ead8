using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Proxy.Node.Tests.ProxyProtocol;

/// <summary>PROXY protocol headers as a load balancer writes them, built byte by byte from the specification.</summary>
internal static class ProxyHeaderBytes
{
    public static readonly byte[] V2Signature = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    public static byte[] V1(string line) => Encoding.ASCII.GetBytes(line);

    /// <summary>A v2 PROXY (or LOCAL) header over TCP for <paramref name="source"/>, then <paramref name="tlvs"/> bytes of TLVs.</summary>
    public static byte[] V2(IPEndPoint source, IPEndPoint destination, bool local = false, byte[]? tlvs = null)
    {
        tlvs ??= [];
        var inet6 = source.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        var addressLength = (inet6 ? 36 : 12) + tlvs.Length;
        var header = new byte[16 + addressLength];
        V2Signature.CopyTo(header, 0);
        header[12] = (byte)(0x20 | (local ? 0 : 1));
        header[13] = (byte)((inet6 ? 0x20 : 0x10) | 0x01);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)addressLength);
        var size = inet6 ? 16 : 4;
        source.Address.GetAddressBytes().CopyTo(header, 16);
        destination.Address.GetAddressBytes().CopyTo(header, 16 + size);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(16 + (2 * size)), (ushort)source.Port);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(18 + (2 * size)), (ushort)destination.Port);
        tlvs.CopyTo(header, 16 + (inet6 ? 36 : 12));
        return header;
    }

    /// <summary>A v2 header with the fixed part as given and <paramref name="block"/> as its address block.</summary>
    public static byte[] V2Raw(byte versionCommand, byte familyTransport, byte[] block, int? declaredLength = null)
    {
        var header = new byte[16 + block.Length];
        V2Signature.CopyTo(header, 0);
        header[12] = versionCommand;
        header[13] = familyTransport;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(14), (ushort)(declaredLength ?? block.Length));
        block.CopyTo(header, 16);
        return header;
    }

    /// <summary>An AWS-style TLV (type 0xEA) and a NOOP one, as load balancers append them.</summary>
    public static byte[] SomeTlvs() => [0xEA, 0x00, 0x05, 0x01, (byte)'v', (byte)'p', (byte)'c', (byte)'e', 0x04, 0x00, 0x02, 0x00, 0x00];
}
