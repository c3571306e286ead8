using System.Diagnostics;
using Proxy.Discovery.Yaml;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.Core;

namespace Proxy.Discovery.Tests.Yaml;

public sealed class BoundedYamlTests(ITestOutputHelper output)
{
    private static readonly YamlLimits Limits = new("test file", 1024, 64);

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    public void Load_NestingUpToTheLimit_Loads(int depth)
    {
        var stream = BoundedYaml.Load(new string('[', depth) + new string(']', depth), Limits);

        Assert.Single(stream.Documents);
    }

    [Theory]
    [InlineData("flow", 65)]
    [InlineData("flow", 100_000)]
    [InlineData("block", 100_000)]
    [InlineData("mapping", 1_000)]
    public void Load_NestingDeeperThanTheLimit_ThrowsAtTheFirstLevelTooDeep(string shape, int depth)
    {
        var text = Nested(shape, depth);

        var error = Assert.Throws<YamlException>(() => BoundedYaml.Load(text, Limits));

        Assert.EndsWith("nesting deeper than 64 levels (the limit for a test file)", error.Message);
        Assert.Equal(shape == "mapping" ? 65 : 1, error.Start.Line);
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(50_000)]
    public void Load_DeepFlowNesting_RejectedFast(int depth)
    {
        // Unbounded, YamlDotNet's scanner takes seconds on these (its work per token grows with the
        // nesting; docs/file-provider.md); the limit stops it after 65.
        var text = new string('[', depth);
        var clock = Stopwatch.StartNew();

        Assert.Throws<YamlException>(() => BoundedYaml.Load(text, YamlLimits.DynamicFile));

        output.WriteLine($"{depth} levels rejected in {clock.Elapsed.TotalMilliseconds:0.0} ms");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ReadFile_LargerThanTheLimit_ThrowsNamingSizeAndLimit()
    {
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, new string('#', 1025));

            var error = Assert.Throws<FileTooLargeException>(() => BoundedYaml.ReadFile(path, Limits));

            Assert.Equal($"{Path.GetFileName(path)} is 1,025 bytes, larger than the 1,024 bytes limit for a test file", error.Message);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_AtTheLimit_ReadsTheText()
    {
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, new string('#', 1024));

            Assert.Equal(1024, BoundedYaml.ReadFile(path, Limits).Length);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_Device_RefusedAsNotARegularFile()
    {
        // /dev/zero reports a length of 0 and never ends: read to its end, it would take every byte of memory.
        var error = Assert.Throws<IOException>(() => BoundedYaml.ReadFile("/dev/zero", Limits));

        Assert.Equal("not a regular file (a character device)", error.Message);
    }

    private static string Nested(string shape, int depth) => shape switch
    {
        "flow" => new string('[', depth),
        "block" => string.Concat(Enumerable.Repeat("- ", depth)) + "x\n",
        _ => string.Concat(Enumerable.Range(0, depth).Select(level => new string(' ', level) + $"k{level}:\n")) + new string(' ', depth) + "v\n",
    };
}
