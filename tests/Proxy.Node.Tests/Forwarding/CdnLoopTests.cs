using Microsoft.Extensions.Primitives;
using Proxy.Node.Forwarding;

namespace Proxy.Node.Tests.Forwarding;

public sealed class CdnLoopTests
{
    private static readonly CdnLoop Node = new("proxy-0123456789ab");

    [Theory]
    [InlineData(new string[0], "proxy-0123456789ab")]
    [InlineData(new[] { "cdn-a" }, "cdn-a, proxy-0123456789ab")]
    [InlineData(new[] { "cdn-a; v=1", "cdn-b" }, "cdn-a; v=1, cdn-b, proxy-0123456789ab")]
    public void Appended_ClientsEntries_KeptInOrderThenTheNodes(string[] lines, string expected) =>
        Assert.Equal(expected, Node.Appended(new StringValues(lines)));

    [Theory]
    [InlineData(0, false)]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(11, true)]
    public void Looped_NodesOwnPasses_LoopAtTen(int passes, bool looped)
    {
        var header = StringValues.Empty;
        for (var i = 0; i < passes; i++)
        {
            header = new StringValues(Node.Appended(header));
        }

        Assert.Equal(looped, Node.Looped(header));
    }

    [Theory]
    [InlineData("proxy-0123456789ab; p=1")]
    [InlineData("  proxy-0123456789ab\t")]
    public void Looped_EntriesWithParametersOrSpaces_Counted(string entry) =>
        Assert.True(Node.Looped(new StringValues(Enumerable.Repeat(entry, 10).ToArray())));

    [Theory]
    [InlineData("proxy-0123456789abc")]
    [InlineData("proxy-0123456789a")]
    [InlineData("other proxy-0123456789ab")]
    [InlineData("")]
    public void Looped_OtherNames_NotCounted(string entry) =>
        Assert.False(Node.Looped(new StringValues(string.Join(", ", Enumerable.Repeat(entry, 20)))));

    [Fact]
    public void OfThisProcess_Pseudonym_RandomHexNotTheHostName() =>
        Assert.Matches("^proxy-[0-9a-f]{12}$", CdnLoop.OfThisProcess.Pseudonym);
}
