using Proxy.Fuzz;
using Proxy.Fuzz.Inputs;
using Proxy.Fuzz.Targets;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Discovery.Tests.File;

/// <summary>
/// The short run of ops/fuzz's YAML target: 10,000 mutated file-provider files from a fixed seed,
/// each parsed and validated within a second, every problem a configuration error naming its
/// source. Nesting stays at 100 levels or less (<see cref="YamlInputs.MaxRepeat"/>).
/// </summary>
public sealed class YamlProviderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_TenThousandMutatedFiles_ErrorsNotExceptionsWithinASecond()
    {
        var report = FuzzRun.Run("yaml", seed: 1, count: 10_000, TimeSpan.FromSeconds(50), YamlInputs.Next, YamlTarget.Check);

        output.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(10_000, report.Inputs);
        Assert.InRange(report.Rejected, 1000, 9500);
    }
}
