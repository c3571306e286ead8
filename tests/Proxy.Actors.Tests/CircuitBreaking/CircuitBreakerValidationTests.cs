using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Xunit;

namespace Proxy.Actors.Tests.CircuitBreaking;

/// <summary>The circuitBreaker and buffering declarations: defaults as Traefik's, bad values named on the field.</summary>
public sealed class CircuitBreakerValidationTests
{
    [Fact]
    public void Validate_ExpressionOnly_FillsTraefiksDefaults()
    {
        var (middleware, errors) = MiddlewareValidator.Validate(
            "cb@file", "cb", "file", MiddlewareConfig.Of(CircuitBreakerConfig.Empty with { Expression = "NetworkErrorRatio() > 0.5" }));

        Assert.Empty(errors);
        Assert.Equal(new CircuitBreakerConfig("NetworkErrorRatio() > 0.5", "100ms", "10s", "10s", 503), middleware!.Options);
    }

    [Theory]
    [InlineData("NetworkErrorRatio() > 0.5 &&", "circuitBreaker.expression", "at column 29: the expression ends where a number or a function was expected")]
    [InlineData("Latency() > 5", "circuitBreaker.expression", "at column 1: unknown function 'Latency'")]
    [InlineData(null, "circuitBreaker.expression", "is required")]
    public void Validate_BadExpression_ErrorOnTheField(string? expression, string path, string message)
    {
        var (middleware, errors) = MiddlewareValidator.Validate(
            "cb@file", "cb", "file", MiddlewareConfig.Of(CircuitBreakerConfig.Empty with { Expression = expression }));

        Assert.Null(middleware);
        var error = Assert.Single(errors);
        Assert.Equal($"http.middlewares.cb.{path}", error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Validate_BadDurationsAndCode_EveryErrorListed()
    {
        var (_, errors) = MiddlewareValidator.Validate("cb@file", "cb", "file", MiddlewareConfig.Of(
            new CircuitBreakerConfig("NetworkErrorRatio() > 0.5", "0s", "ten", "-1s", 42)));

        Assert.Equal(
            ["checkPeriod", "fallbackDuration", "recoveryDuration", "responseCode"],
            errors.Select(e => e.Path.Split('.').Last()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_BufferingDefaults_AsTraefik()
    {
        var (middleware, errors) = MiddlewareValidator.Validate("b@file", "b", "file", MiddlewareConfig.Of(BufferingConfig.Empty));

        Assert.Empty(errors);
        Assert.Equal(new BufferingConfig(0, 1024 * 1024, 0, 1024 * 1024), middleware!.Options);
    }

    [Fact]
    public void Validate_NegativeBufferingSizes_ErrorOnEach()
    {
        var (_, errors) = MiddlewareValidator.Validate("b@file", "b", "file", MiddlewareConfig.Of(new BufferingConfig(-1, -2, -3, -4)));

        Assert.Equal(4, errors.Length);
        Assert.All(errors, e => Assert.Contains("must not be negative", e.Message));
        Assert.Contains(errors, e => e.Path == "http.middlewares.b.buffering.maxRequestBodyBytes" && e.Message.Contains("-1"));
    }
}
