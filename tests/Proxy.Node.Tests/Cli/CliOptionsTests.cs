using Proxy.Node.Cli;

namespace Proxy.Node.Tests.Cli;

public sealed class CliOptionsTests
{
    [Theory]
    [InlineData("--api=10.0.0.5:8080", "http://10.0.0.5:8080/", null)]
    [InlineData("--api=https://proxy-1.internal:8443", "https://proxy-1.internal:8443/", null)]
    [InlineData("--api=https://127.0.0.1:8443 --cacert=/nonexistent/ca.crt", "https://127.0.0.1:8443/", "--cacert=/nonexistent/ca.crt: no such file")]
    [InlineData("--api=10.0.0.5:8080 --cacert=/etc/hostname", "http://10.0.0.5:8080/", "--cacert is for an https:// API; --api=10.0.0.5:8080 is plain HTTP")]
    [InlineData("--api=ftp://10.0.0.5:2121", "ftp://10.0.0.5:2121/", "--api=ftp://10.0.0.5:2121: expected host:port, http://host:port or https://host:port")]
    public void Parse_Api_BaseAddressOrError(string line, string baseAddress, string? error)
    {
        var options = CliOptions.Parse(line.Split(' '));

        Assert.Equal(error, options.Error);
        Assert.Equal(baseAddress, options.BaseAddress.ToString());
    }
}
