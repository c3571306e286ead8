using System.Collections.Immutable;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Model.Views;
using Xunit;

namespace Proxy.Actors.Tests.Configuration.Validation;

/// <summary>Chains of chains: loops, depth, and how many middlewares they unfold into.</summary>
public sealed class MiddlewareReferencesTests
{
    /// <summary>Chains c0..c(depth-1), each naming the next <paramref name="width"/> times; the last names a stripPrefix.</summary>
    private static (Dictionary<string, MiddlewareSnapshot> Middlewares, Dictionary<string, MiddlewareView> Views) Wide(int width, int depth)
    {
        var middlewares = new Dictionary<string, MiddlewareSnapshot>(StringComparer.Ordinal)
        {
            [$"c{depth}@file"] = new DeclaredMiddleware($"c{depth}@file", "stripPrefix"),
        };
        for (var d = depth - 1; d >= 0; d--)
        {
            middlewares[$"c{d}@file"] = new ChainMiddleware($"c{d}@file", [.. Enumerable.Repeat($"c{d + 1}@file", width)]);
        }

        var views = middlewares.Keys.ToDictionary(
            name => name,
            name => new MiddlewareView(name, "file", null, middlewares[name], ObjectStatus.Enabled, [], []),
            StringComparer.Ordinal);
        return (middlewares, views);
    }

    [Fact]
    public async Task CheckChains_WideAndDeepChains_EndsQuicklyAndDisablesThoseOverTheLength()
    {
        var (middlewares, views) = Wide(8, MiddlewareReferences.MaxChainDepth);

        // Unmemoised, the walk visits 8^16 paths: a hang on every node, not a slow check.
        var check = Task.Run(() => MiddlewareReferences.CheckChains(middlewares, views, name => $"'{name}' does not exist"));

        Assert.True(await Task.WhenAny(check, Task.Delay(TimeSpan.FromSeconds(10))) == check, "CheckChains did not end within 10 s");
        // c15 (8), c14 (64) unfold within the limit; c13 (512) and every chain over it do not.
        Assert.True(middlewares.ContainsKey("c14@file"));
        Assert.False(middlewares.ContainsKey("c13@file"));
        Assert.False(middlewares.ContainsKey("c0@file"));
        var error = Assert.Single(views["c13@file"].Errors);
        Assert.Equal("http.middlewares.c13.chain.middlewares", error.Path);
        Assert.Contains($"more than {MiddlewareReferences.MaxFlattenedMiddlewares} middlewares", error.Message);
        Assert.Equal(ObjectStatus.Disabled, views["c0@file"].Status);
    }

    [Fact]
    public void CheckChains_SharedChainsNestingTooDeep_DepthNamedOnTheOutermost()
    {
        var (middlewares, views) = Wide(1, MiddlewareReferences.MaxChainDepth + 1);

        MiddlewareReferences.CheckChains(middlewares, views, name => $"'{name}' does not exist");

        Assert.False(middlewares.ContainsKey("c0@file"));
        Assert.True(middlewares.ContainsKey("c1@file"));
        Assert.Contains($"chains nest more than {MiddlewareReferences.MaxChainDepth} deep", Assert.Single(views["c0@file"].Errors).Message);
    }

    [Fact]
    public void FlattenedLength_RouterListOverTheLimit_CountedToOneMoreThanTheLimit()
    {
        var (middlewares, _) = Wide(8, 2);

        Assert.Equal(64, MiddlewareReferences.FlattenedLength(["c0@file"], middlewares));
        Assert.Equal(MiddlewareReferences.MaxFlattenedMiddlewares + 1, MiddlewareReferences.FlattenedLength(["c0@file", "c1@file"], middlewares));
    }
}
