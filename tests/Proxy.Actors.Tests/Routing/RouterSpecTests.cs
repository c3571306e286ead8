using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Routing;
using Xunit;
using static Proxy.Actors.Tests.Model.Configs;

namespace Proxy.Actors.Tests.Routing;

public sealed class RouterSpecTests
{
    public static TheoryData<string, RouterConfig, MiddlewareConfig, bool> Cases => new()
    {
        { "nothing changed", Router(middlewares: ["m"]), Headers(request: [("X-A", "1")]), true },
        { "rule", Router(rule: "Host(`b.com`)", middlewares: ["m"]), Headers(request: [("X-A", "1")]), false },
        { "priority", Router(middlewares: ["m"], priority: 7), Headers(request: [("X-A", "1")]), false },
        { "entry points", Router(middlewares: ["m"], entryPoints: ["web"]), Headers(request: [("X-A", "1")]), false },
        { "service", Router(service: "other", middlewares: ["m"]), Headers(request: [("X-A", "1")]), false },
        { "middleware list", Router(middlewares: ["m", "m2"]), Headers(request: [("X-A", "1")]), false },
        { "middleware definition", Router(middlewares: ["m"]), Headers(request: [("X-A", "2")]), false },
        { "middleware response header", Router(middlewares: ["m"]), Headers(request: [("X-A", "1")], response: [("X-B", "")]), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Equals_RevalidatedRouter_TrueOnlyWhenNothingChanged(string change, RouterConfig router, MiddlewareConfig middleware, bool same)
    {
        var before = Spec(Router(middlewares: ["m"]), Headers(request: [("X-A", "1")]));

        var after = Spec(router, middleware);

        Assert.True(same == before.Equals(after), change);
    }

    /// <summary>
    /// Every type's snapshot must compare by value, or each reload would rebuild every chain using it
    /// and lose the state its handlers keep. Made twice, as two reads of a file are: nothing shared.
    /// </summary>
    public static TheoryData<string, Func<MiddlewareConfig>> EveryType => new()
    {
        { "retry", () => Retry(attempts: 4, initialInterval: "20ms", nonIdempotent: true, maxBodyBytes: 10) },
        { "stripPrefix", () => StripPrefix("/a", "/b") },
        { "addPrefix", () => AddPrefix("/p") },
        { "headers", () => Headers(request: [("X-A", "1"), ("X-B", "")], response: [("X-C", "2")]) },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void Equals_EveryMiddlewareTypeRevalidatedUnchanged_True(string type, Func<MiddlewareConfig> middleware)
    {
        var before = Spec(Router(middlewares: ["m"]), middleware());

        var after = Spec(Router(middlewares: ["m"]), middleware());

        Assert.True(before.Equals(after), type);
    }

    [Theory]
    [InlineData("/a", "/a", true)]
    [InlineData("/a", "/b", false)]
    public void Equals_RevalidatedStripPrefix_ComparesPrefixesByValue(string first, string second, bool same)
    {
        var before = Spec(Router(middlewares: ["m"]), StripPrefix(first));

        var after = Spec(Router(middlewares: ["m"]), StripPrefix(second));

        Assert.Equal(same, before.Equals(after));
    }

    /// <summary>
    /// Equality compares the name, the provider and the declaration; every other property is derived
    /// from those. A property added to the definition must be one or the other: this fails until the
    /// new one is listed here, after checking that <see cref="RouterDefinition.Equals(RouterDefinition?)"/>
    /// covers it.
    /// </summary>
    [Fact]
    public void Equals_EveryDefinitionProperty_ComparedOrDerivedFromTheDeclaration()
    {
        string[] compared = [nameof(RouterDefinition.Name), nameof(RouterDefinition.Provider), nameof(RouterDefinition.Config)];
        string[] derivedFromConfig =
        [
            nameof(RouterDefinition.Rule), nameof(RouterDefinition.Priority), nameof(RouterDefinition.EntryPoints),
            nameof(RouterDefinition.Middlewares), nameof(RouterDefinition.Service),
        ];

        var properties = typeof(RouterDefinition).GetProperties().Where(p => p.Name != "EqualityContract").Select(p => p.Name);

        Assert.Equal(compared.Concat(derivedFromConfig).Order(), properties.Order());
    }

    /// <summary>The declaration decides, so a field added to it later (as tls will be) counts without a change here.</summary>
    [Fact]
    public void Equals_OnlyTheDeclarationChanged_False()
    {
        var before = Spec(Router(middlewares: ["m"]), Headers(request: [("X-A", "1")]));
        var changed = before.Definition.Config with { Priority = 99 };

        var after = before with { Definition = before.Definition with { Config = changed } };

        Assert.NotEqual(before, after);
    }

    /// <summary>A fresh validation each time, as each reload is: nothing is shared with an earlier spec.</summary>
    private static RouterSpec Spec(RouterConfig router, MiddlewareConfig middleware)
    {
        var config = Configuration.Validation.Validation.Run(Configuration.Validation.Validation.Provider("file", Dynamic(
            routers: [("r", router)],
            services: [("svc", Service("http://127.0.0.1:1")), ("other", Service("http://127.0.0.1:2"))],
            middlewares: [("m", middleware), ("m2", Retry())])));
        var definition = config.Routers["r@file"];
        return new RouterSpec(definition, [.. definition.Middlewares.Select(m => config.Middlewares[m])]);
    }
}
