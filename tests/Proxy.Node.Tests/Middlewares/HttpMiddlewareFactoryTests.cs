using Proxy.Actors.Model.Middlewares;
using Proxy.Node.Middlewares;
using Xunit;
using static Proxy.Node.Tests.Middlewares.Chains;

namespace Proxy.Node.Tests.Middlewares;

public sealed class HttpMiddlewareFactoryTests
{
    public static TheoryData<MiddlewareSnapshot, Type> Known => new()
    {
        { Strip("/a"), typeof(StripPrefixHandler) },
        { Add("/a"), typeof(AddPrefixHandler) },
        { Headers([("X-A", "1")]), typeof(HeadersHandler) },
        { Retry(), typeof(RetryHandler) },
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void Create_EachType_ItsHandlerWithTheDefinition(MiddlewareSnapshot definition, Type handler)
    {
        var created = new HttpMiddlewareFactory().Create(definition);

        Assert.IsType(handler, created);
        Assert.Same(definition, created.Definition);
    }

    [Fact]
    public void Create_TwiceForOneDefinition_TwoInstances()
    {
        var factory = new HttpMiddlewareFactory();
        var definition = Strip("/a");

        Assert.NotSame(factory.Create(definition), factory.Create(definition));
    }

    [Fact]
    public void Create_TypeWithoutHandler_ErrorNamesTheMiddlewareAndType()
    {
        var error = Assert.Throws<NotSupportedException>(() => new HttpMiddlewareFactory().Create(new Unhandled("limit@file")));

        Assert.Equal("middleware 'limit@file' has type 'rateLimit', for which this node has no handler", error.Message);
    }

    private sealed record Unhandled(string Name) : MiddlewareSnapshot(Name)
    {
        public override string Type => "rateLimit";
    }
}
