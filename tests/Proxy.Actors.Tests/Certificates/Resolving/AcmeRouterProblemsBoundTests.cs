using Proxy.Actors.Certificates.Resolving;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Resolving;

public sealed class AcmeRouterProblemsBoundTests
{
    [Fact]
    public void Of_ProblemsInAnyOrderWithADuplicate_SortedByRouterThenMessageOnce()
    {
        var entry = AcmeRouterProblemsBound.Of("n", [new("b@file", "y"), new("a@file", "z"), new("b@file", "x"), new("a@file", "z")]);

        Assert.Equal([new("a@file", "z"), new("b@file", "x"), new("b@file", "y")], entry.Problems.ToArray());
        Assert.Equal(0, entry.Omitted);
        Assert.Equal("n", entry.Node);
    }

    [Fact]
    public void Of_MoreProblemsThanTheLimit_KeepsTheFirstAndCountsTheRest()
    {
        var entry = AcmeRouterProblemsBound.Of("n", Enumerable.Range(0, AcmeRouterProblemsBound.MaxProblems + 5).Select(i => new AcmeRouterProblem($"r{i:D3}@file", "failed")));

        Assert.Equal(AcmeRouterProblemsBound.MaxProblems, entry.Problems.Length);
        Assert.Equal(5, entry.Omitted);
        Assert.Equal("r000@file", entry.Problems[0].Router);
    }

    [Fact]
    public void Of_LongMessageAndRouter_CutAtTheirLimitsNamingThem()
    {
        var entry = AcmeRouterProblemsBound.Of("n", [new(new string('r', 300), new string('m', 5_000))]);

        var problem = Assert.Single(entry.Problems);
        Assert.Equal(new string('m', AcmeRouterProblemsBound.MaxMessageChars) + $"... (cut at {AcmeRouterProblemsBound.MaxMessageChars} characters)", problem.Message);
        Assert.StartsWith(new string('r', AcmeRouterProblemsBound.MaxRouterChars) + "...", problem.Router, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_MessagesOverTheByteLimit_StopsBeforeItAndCountsTheRest()
    {
        // Three bytes a character in UTF-8: 64 messages of 1,000 such characters would be 192,000 bytes.
        var entry = AcmeRouterProblemsBound.Of("n", Enumerable.Range(0, AcmeRouterProblemsBound.MaxProblems).Select(i => new AcmeRouterProblem($"r{i:D3}", new string('€', 900))));

        var bytes = entry.Problems.Sum(p => System.Text.Encoding.UTF8.GetByteCount(p.Router) + System.Text.Encoding.UTF8.GetByteCount(p.Message));
        Assert.InRange(bytes, AcmeRouterProblemsBound.MaxBytes - 3_000, AcmeRouterProblemsBound.MaxBytes);
        Assert.Equal(AcmeRouterProblemsBound.MaxProblems, entry.Problems.Length + entry.Omitted);
        Assert.True(entry.Omitted > 0);
    }
}
