using Proxy.Tests.Ports;

namespace Proxy.Node.Tests.Integration.Ports;

public sealed class TestPortsTests
{
    public static TheoryData<int, int, string> Ranges => new()
    {
        { 32768, 60999, "20000-32767 61000-65535" },
        { 49152, 65535, "20000-49151" },
        { 1024, 40000, "40001-65535" },
        { 10000, 30000, "30001-65535" },
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void CandidateRanges_EphemeralRange_EverythingFromTheFloorOutsideIt(int low, int high, string expected)
    {
        var ranges = TestPorts.CandidateRanges(new EphemeralPortRange(low, high));

        Assert.Equal(expected, string.Join(" ", ranges.Select(r => $"{r.Low}-{r.High}")));
    }

    [Fact]
    public void CandidateRanges_EphemeralRangeCoversAlmostEverything_ErrorNamesRangeAndMinimum()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TestPorts.CandidateRanges(new EphemeralPortRange(1024, 65000)));

        Assert.Equal(
            "the ephemeral port range 1024-65000 leaves 535 ports between 20000 and 65535 for tests, fewer than 1000: "
            + "narrow it in /proc/sys/net/ipv4/ip_local_port_range (e.g. \"32768 60999\")",
            error.Message);
    }

    [Theory]
    [InlineData("32768\t60999\n", 32768, 60999)]
    [InlineData("1024 65535", 1024, 65535)]
    public void Parse_KernelText_LowAndHigh(string text, int low, int high)
    {
        Assert.Equal(new EphemeralPortRange(low, high), EphemeralPortRange.Parse(text, "range"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("32768")]
    [InlineData("60999 32768")]
    [InlineData("0 100")]
    [InlineData("32768 70000")]
    public void Parse_Malformed_ErrorNamesSourceAndText(string text)
    {
        var error = Assert.Throws<FormatException>(() => EphemeralPortRange.Parse(text, "/proc/x"));

        Assert.StartsWith($"/proc/x: \"{text}\" is not an ephemeral port range", error.Message, StringComparison.Ordinal);
    }
}
