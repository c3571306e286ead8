namespace Proxy.Actors.Configuration.Validation;

/// <summary>
/// Traefik's naming across providers: objects are <c>name@provider</c>, and a reference without
/// <c>@</c> means an object of the referring provider.
/// </summary>
public static class QualifiedName
{
    public static string Of(string name, string provider) =>
        name.Contains('@', StringComparison.Ordinal) ? name : $"{name}@{provider}";

    public static string Provider(string qualified)
    {
        var at = qualified.LastIndexOf('@');
        return at < 0 ? string.Empty : qualified[(at + 1)..];
    }
}
