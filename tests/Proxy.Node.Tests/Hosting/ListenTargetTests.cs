using System.Net;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class ListenTargetTests
{
    [Theory]
    [InlineData(":8000", ListenTargetKind.AnyIP, null, null)]
    [InlineData("localhost:8000", ListenTargetKind.Localhost, null, null)]
    [InlineData("LocalHost:8000", ListenTargetKind.Localhost, null, null)]
    [InlineData("127.0.0.1:8000", ListenTargetKind.EndPoint, "127.0.0.1", null)]
    [InlineData("0.0.0.0:8000", ListenTargetKind.EndPoint, "0.0.0.0", null)]
    [InlineData("[::1]:8000", ListenTargetKind.EndPoint, "::1", null)]
    [InlineData("proxy.example:8000", ListenTargetKind.ResolveName, null, "proxy.example")]
    public void For_Address_PicksTheKestrelBinding(string text, ListenTargetKind kind, string? ip, string? name)
    {
        Assert.True(ListenAddress.TryParse(text, out var address));

        var target = ListenTarget.For(address);

        Assert.Equal(kind, target.Kind);
        Assert.Equal(8000, target.Port);
        Assert.Equal(ip is null ? null : new IPEndPoint(IPAddress.Parse(ip), 8000), target.EndPoint);
        Assert.Equal(name, target.Name);
    }
}
