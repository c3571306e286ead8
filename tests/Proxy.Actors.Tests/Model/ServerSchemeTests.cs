using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.Model;

public sealed class ServerSchemeTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", null)]
    [InlineData("https://backend.example", null)]
    [InlineData("h2c://127.0.0.1:50051", null)]
    [InlineData("H2C://127.0.0.1:50051", null)]
    [InlineData("h2c://[::1]:50051/base", null)]
    [InlineData("grpc://127.0.0.1:50051", "'grpc://127.0.0.1:50051': unknown scheme 'grpc', must be http or https or h2c")]
    [InlineData("h2://127.0.0.1:50051", "'h2://127.0.0.1:50051': unknown scheme 'h2', must be http or https or h2c")]
    [InlineData("127.0.0.1:50051", "'127.0.0.1:50051' is not an absolute URL with a host (http|https|h2c://host:port)")]
    [InlineData("/backend", "'/backend' is not an absolute URL with a host (http|https|h2c://host:port)")]
    [InlineData("h2c://127.0.0.1:50051/?a=b", "'h2c://127.0.0.1:50051/?a=b' must not have a query or fragment")]
    public void ServerUrl_Url_ProblemAsExpected(string url, string? problem)
    {
        var problems = SchemaValidation.Check(ServerConfig.Schema, new ServerConfig(url, null)).ToList();

        Assert.Equal(problem is null ? [] : [new FieldProblem("url", problem)], problems);
    }

    [Theory]
    [InlineData("http", true)]
    [InlineData("https", true)]
    [InlineData("h2c", true)]
    [InlineData("H2C", false)]
    [InlineData("grpc", false)]
    [InlineData("", false)]
    public void ServerSchemeName_Scheme_AcceptedOnlyWhenKnown(string scheme, bool accepted) =>
        Assert.Equal(accepted, !Checks.ServerSchemeName(scheme).Any());

    [Theory]
    [InlineData("h2c://127.0.0.1:50051", "http://127.0.0.1:50051", true)]
    [InlineData("H2C://127.0.0.1:50051/base", "http://127.0.0.1:50051/base", true)]
    [InlineData("h2c://[::1]", "http://[::1]", true)]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080", false)]
    [InlineData("https://backend.example", "https://backend.example", false)]
    public void Definition_Url_DestinationAndProtocol(string url, string destination, bool h2c)
    {
        var server = new ServerDefinition(url, new Uri(url, UriKind.Absolute), 1, Draining: false);

        Assert.Equal(destination, server.DestinationPrefix);
        Assert.Equal(h2c, server.IsH2c);
        Assert.Equal(new Uri(destination), ServerScheme.Destination(server.Uri));
    }

    [Fact]
    public void ProbeUri_CheckSchemeOnH2cServer_CheckSchemeWins()
    {
        var check = new HealthCheckSpec(HealthCheckConfig.Default with { Path = "/health", Scheme = "http" });

        var probe = check.ProbeUri(new Uri("h2c://127.0.0.1:50051"));

        Assert.Equal("http://127.0.0.1:50051/health", probe.ToString());
        Assert.False(ServerScheme.IsH2c(probe));
    }
}
