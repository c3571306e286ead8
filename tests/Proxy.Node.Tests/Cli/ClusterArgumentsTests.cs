using Proxy.Node.Cli;
using Xunit;

namespace Proxy.Node.Tests.Cli;

public sealed class ClusterArgumentsTests
{
    [Theory]
    [InlineData("members", "members", null, "127.0.0.1:8080", false, null)]
    [InlineData("members --json --api=10.0.0.5:9000", "members", null, "10.0.0.5:9000", true, null)]
    [InlineData("leave 127.0.0.1:4053", "leave", "127.0.0.1:4053", "127.0.0.1:8080", false, null)]
    [InlineData("down akka.tcp://proxy@10.0.0.6:4053 --api=10.0.0.5:8080", "down", "akka.tcp://proxy@10.0.0.6:4053", "10.0.0.5:8080", false, null)]
    [InlineData("leave", "leave", null, "127.0.0.1:8080", false, "leave needs the member's address")]
    [InlineData("", "", null, "127.0.0.1:8080", false, "missing command")]
    [InlineData("join 1.2.3.4:5", "", null, "127.0.0.1:8080", false, "unknown command 'join 1.2.3.4:5'")]
    [InlineData("members --verbose", "", null, "127.0.0.1:8080", false, "unknown option --verbose")]
    public void Parse_CommandLine_VerbAddressApiJsonOrError(string line, string verb, string? address, string api, bool json, string? error)
    {
        var parsed = ClusterArguments.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal(new ClusterArguments(verb, address, api, json, error), parsed);
    }
}
