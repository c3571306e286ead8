using System.Collections.Immutable;
using Proxy.Actors.Configuration;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Views;
using Proxy.Discovery.File;
using Proxy.Discovery.Labels;
using Proxy.Discovery.Tests.Docker;
using Xunit;

namespace Proxy.Discovery.Tests.Middlewares;

/// <summary>
/// ipAllowList and its old name ipWhiteList, from labels and from the file provider through the one schema,
/// then through the validator as the configuration actor runs it: the same options read the same way, and
/// each bad value is an error on that middleware only.
/// </summary>
public sealed class IpAllowListConfigTests
{
    private const string Path = "/etc/proxy/dynamic.yml";

    private static DynamicConfig FromYaml(string middleware)
    {
        var yaml = "http:\n  middlewares:\n    office:\n" + middleware
            + "    ok:\n      addPrefix:\n        prefix: /v1\n";
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));
        return parsed.Config with { };
    }

    private static (DynamicConfig Config, ImmutableArray<ConfigError> Errors) FromYamlWithErrors(string middleware)
    {
        var yaml = "http:\n  middlewares:\n    office:\n" + middleware
            + "    ok:\n      addPrefix:\n        prefix: /v1\n";
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(yaml, Path));
        return (parsed.Config, parsed.Errors);
    }

    private static DynamicConfig FromLabels(params (string Key, string Value)[] labels)
    {
        var result = LabelParser.Parse(Containers.Labels(labels), "proxy");
        Assert.Empty(result.Problems);
        return result.Config.Config;
    }

    private static ConfigurationView Validate(DynamicConfig config, params ConfigError[] readErrors) =>
        ConfigValidator.Validate(
            new Dictionary<string, ProviderState>(StringComparer.Ordinal)
            {
                ["file"] = new("file", config, [.. readErrors], false, DateTimeOffset.UnixEpoch),
            },
            ["web"],
            new HashSet<string>(StringComparer.Ordinal),
            ValidatedConfig.Empty).View;

    [Fact]
    public void Parse_SameOptionsFromLabelsAndYaml_SameMiddleware()
    {
        var yaml = FromYaml(
            "      ipAllowList:\n        sourceRange: [\"10.0.0.0/8\", \"2001:db8::/32\"]\n"
            + "        ipStrategy:\n          depth: 2\n          excludedIPs: [\"10.9.0.0/16\"]\n          ipv6Subnet: 64\n"
            + "        rejectStatusCode: 404\n").Middlewares["office"];
        var labels = FromLabels(
            ("proxy.http.middlewares.office.ipallowlist.sourcerange", "10.0.0.0/8,2001:db8::/32"),
            ("proxy.http.middlewares.office.ipallowlist.ipstrategy.depth", "2"),
            ("proxy.http.middlewares.office.ipallowlist.ipstrategy.excludedips", "10.9.0.0/16"),
            ("proxy.http.middlewares.office.ipallowlist.ipstrategy.ipv6subnet", "64"),
            ("proxy.http.middlewares.office.ipallowlist.rejectstatuscode", "404")).Middlewares["office"];

        var options = Assert.IsType<IpAllowListConfig>(Assert.Single(yaml.Types).Value);
        Assert.Equal<string>(["10.0.0.0/8", "2001:db8::/32"], options.SourceRange);
        Assert.Equal(2, options.IpStrategy!.Depth);
        Assert.Equal<string>(["10.9.0.0/16"], options.IpStrategy.ExcludedIPs);
        Assert.Equal(64, options.IpStrategy.Ipv6Subnet);
        Assert.Equal(404, options.RejectStatusCode);
        Assert.True(SchemaEquality.Same(MiddlewareConfig.Schema, yaml, labels), "labels and YAML read differently");
    }

    [Fact]
    public void Validate_OnlySourceRange_ServesWithTraefiksDefaults()
    {
        var view = Validate(FromYaml("      ipAllowList:\n        sourceRange: [\"192.168.1.7\"]\n"));

        var office = view.Middlewares["office@file"];
        Assert.Equal(ObjectStatus.Enabled, office.Status);
        var options = Assert.IsType<IpAllowListConfig>(office.Serving!.Options);
        Assert.Equal(403, options.RejectStatusCode);
        Assert.Null(options.IpStrategy);
    }

    [Theory]
    [InlineData("        sourceRange: [\"10.0.0.0/8\", \"10.0.0.0/33\"]\n",
        "http.middlewares.office.ipAllowList.sourceRange[1]", "'10.0.0.0/33' is not an IP address or a CIDR range")]
    [InlineData("        sourceRange: [\"office.example\"]\n",
        "http.middlewares.office.ipAllowList.sourceRange[0]", "'office.example' is not an IP address or a CIDR range")]
    [InlineData("        sourceRange: [\"010.0.0.1\"]\n",
        "http.middlewares.office.ipAllowList.sourceRange[0]", "'010.0.0.1' is not an IP address or a CIDR range")]
    [InlineData("        sourceRange: []\n",
        "http.middlewares.office.ipAllowList.sourceRange", "needs at least one IP address or CIDR range: an empty list would refuse every client")]
    [InlineData("        sourceRange: [\"10.0.0.0/8\"]\n        rejectStatusCode: 99\n",
        "http.middlewares.office.ipAllowList.rejectStatusCode", "99 is not an HTTP status code for a refused request (200-599)")]
    [InlineData("        sourceRange: [\"10.0.0.0/8\"]\n        rejectStatusCode: 600\n",
        "http.middlewares.office.ipAllowList.rejectStatusCode", "600 is not an HTTP status code for a refused request (200-599)")]
    [InlineData("        sourceRange: [\"10.0.0.0/8\"]\n        ipStrategy:\n          excludedIPs: [\"10.0.0.300\"]\n",
        "http.middlewares.office.ipAllowList.ipStrategy.excludedIPs[0]", "'10.0.0.300' is not an IP address or a CIDR range")]
    [InlineData("        sourceRange: [\"10.0.0.0/8\"]\n        ipStrategy:\n          depth: -1\n",
        "http.middlewares.office.ipAllowList.ipStrategy.depth", "must not be negative, got -1")]
    [InlineData("        sourceRange: [\"10.0.0.0/8\"]\n        ipStrategy:\n          ipv6Subnet: 129\n",
        "http.middlewares.office.ipAllowList.ipStrategy.ipv6Subnet", "129 is not an IPv6 prefix length (1-128)")]
    public void Validate_BadValue_ErrorOnThatMiddlewareTheOtherServes(string options, string path, string message)
    {
        var view = Validate(FromYaml("      ipAllowList:\n" + options));

        var office = view.Middlewares["office@file"];
        Assert.Equal(ObjectStatus.Disabled, office.Status);
        Assert.Contains(office.Errors, e => e.Path == path && e.Message.StartsWith(message, StringComparison.Ordinal));
        Assert.Equal(ObjectStatus.Enabled, view.Middlewares["ok@file"].Status);
    }

    [Fact]
    public void Parse_NoSourceRange_ErrorOnThatMiddleware()
    {
        var (config, errors) = FromYamlWithErrors("      ipAllowList:\n        rejectStatusCode: 404\n");

        var error = Assert.Single(errors);
        Assert.Contains("office", error.Path, StringComparison.Ordinal);
        Assert.Contains("sourceRange is required", error.Message, StringComparison.Ordinal);
        Assert.Equal(ObjectStatus.Enabled, Validate(config, [.. errors]).Middlewares["ok@file"].Status);
    }

    [Fact]
    public void Validate_IpWhiteList_ServesAsIpAllowListWithADeprecationWarningNamingIt()
    {
        var view = Validate(FromYaml("      ipWhiteList:\n        sourceRange: [\"10.0.0.0/8\"]\n        ipStrategy:\n          depth: 1\n"));

        var office = view.Middlewares["office@file"];
        Assert.Equal(ObjectStatus.Warning, office.Status);
        Assert.NotNull(office.Serving);
        Assert.Equal(1, Assert.IsType<IpAllowListConfig>(office.Serving!.Options).IpStrategy!.Depth);
        var warning = Assert.Single(office.Errors);
        Assert.Equal("http.middlewares.office.ipWhiteList", warning.Path);
        Assert.Equal("middleware type ipWhiteList is deprecated, use ipAllowList (the same options)", warning.Message);
    }

    [Fact]
    public void Parse_IpWhiteListFromLabels_ReadAsTheOldName()
    {
        var config = FromLabels(("proxy.http.middlewares.office.ipwhitelist.sourcerange", "10.0.0.0/8"));

        var (name, options) = Assert.Single(config.Middlewares["office"].Types);
        Assert.Equal("ipWhiteList", name);
        Assert.Equal<string>(["10.0.0.0/8"], Assert.IsType<IpAllowListConfig>(options).SourceRange);
    }
}
