using Proxy.Fuzz;
using Proxy.Fuzz.Inputs;
using Proxy.Fuzz.Targets;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Actors.Tests.Routing.Rules;

/// <summary>
/// The short run of ops/fuzz's rule target: 10,000 mutated rules from a fixed seed, each compiled
/// within a second and either accepted or rejected with a positioned error (ops/fuzz/README.md for
/// the long run).
/// </summary>
public sealed class RuleParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Compile_TenThousandMutatedRules_ErrorsNotExceptionsWithinASecond()
    {
        var report = FuzzRun.Run("rules", seed: 1, count: 10_000, TimeSpan.FromSeconds(50), RuleInputs.Next, RuleTarget.Check);

        output.WriteLine(report.ToString());
        Assert.True(report.Passed, report.ToString());
        Assert.Equal(10_000, report.Inputs);
        // Mutations must still reach both sides of the parser.
        Assert.InRange(report.Rejected, 1000, 9000);
    }
}
