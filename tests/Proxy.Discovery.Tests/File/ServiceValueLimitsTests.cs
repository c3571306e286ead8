using Proxy.Discovery.File;
using Xunit;

namespace Proxy.Discovery.Tests.File;

/// <summary>
/// Numbers of the services over services and the sticky cookie that overflow their type or are of another kind:
/// each an error on its field as the file is read, the service left out and the file's other service kept. Values
/// of the right type but out of range are the validator's (ServiceValueValidationTests).
/// </summary>
public sealed class ServiceValueLimitsTests
{
    [Theory]
    [InlineData("mirroring: {service: ok, mirrors: [{name: ok, percent: 100.0001}]}", "mirroring.mirrors[0].percent", "expected an integer")]
    [InlineData("mirroring: {service: ok, mirrors: [{name: ok, percent: NaN}]}", "mirroring.mirrors[0].percent", "expected an integer")]
    [InlineData("mirroring: {service: ok, mirrors: [{name: ok, percent: 4294967396}]}", "mirroring.mirrors[0].percent", "expected an integer")]
    [InlineData("mirroring: {service: ok, maxBodySize: 9223372036854775808}", "mirroring.maxBodySize", "")]
    [InlineData("weighted: {services: [{name: ok, weight: 2147483648}]}", "weighted.services[0].weight", "expected an integer")]
    [InlineData("loadBalancer: {servers: [{url: 'http://127.0.0.1:1'}], sticky: {cookie: {maxAge: 2147483648}}}", "loadBalancer.sticky.cookie.maxAge", "expected an integer")]
    public void Parse_ValueOutOfItsRange_ErrorOnTheFieldOtherServiceKept(string service, string field, string message)
    {
        var parsed = Assert.IsType<FileParseResult.Parsed>(FileConfigParser.Parse(
            $"""
            http:
              services:
                ok:
                  loadBalancer:
                    servers:
                      - url: http://127.0.0.1:8081
                bad:
                  {service}
            """,
            "/etc/proxy/dynamic.yml"));

        Assert.Contains(parsed.Errors, e => e.Path == $"http.services.bad.{field}" && e.Message.Contains(message, StringComparison.Ordinal));
        Assert.False(parsed.Config.Services.ContainsKey("bad"));
        Assert.True(parsed.Config.Services.ContainsKey("ok"));
    }
}
