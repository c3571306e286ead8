namespace Proxy.Actors.Model.Middlewares;

public sealed record AddPrefixMiddleware(string Name, string Prefix) : MiddlewareSnapshot(Name)
{
    public override string Type => "addPrefix";
}
