using Proxy.Fuzz;
using Proxy.Fuzz.Inputs;
using Proxy.Fuzz.Targets;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Discovery.Tests.Labels;

/// <summary>
/// The short run of ops/fuzz's label target: 10,000 mutated label sets from a fixed seed, each
/// translated and validated within a second, every problem a configuration error naming its
/// source (ops/fuzz/README.md for the long run).
/// </summary>
public sealed class LabelReaderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Translate_TenThousandMutatedLabelSets_ErrorsNotExceptionsWithinASecond()
    {
        var report = FuzzRun.Run("labels", seed: 1, count: 10_000, TimeSpan.FromSeconds(50), LabelInputs.Next, LabelTarget.Check);

        output.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(10_000, report.Inputs);
        Assert.InRange(report.Rejected, 1000, 9000);
    }
}
