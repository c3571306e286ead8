using Proxy.Actors.Tests.Certificates.Acme;
using Proxy.Node.Tests.Integration;

namespace Proxy.Node.Tests.Acme;

/// <summary>The configuration the resolver tests give their nodes: the router to certify and resolver "pebble".</summary>
internal static class ResolverSetup
{
    /// <summary>Router "shop" for <paramref name="host"/> to one backend, with <c>tls.certResolver</c> when <paramref name="resolver"/> is given.</summary>
    public static string Routes(string host, string backendUrl, string? resolver = "pebble") =>
        $"http:\n  routers:\n    shop:\n      rule: \"Host(`{host}`)\"\n      service: app\n"
        + (resolver is null ? "" : $"      tls:\n        certResolver: {resolver}\n")
        + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(backendUrl);

    /// <summary>Resolver "pebble": pebble's directory, the node's storage file, HTTP-01 on entry point web, pebble's listener trusted.</summary>
    public static string[] PebbleFlags(PebbleServer pebble, string storage, string caFile) =>
    [
        $"--certificatesresolvers.pebble.acme.caserver={pebble.DirectoryUrl}",
        $"--certificatesresolvers.pebble.acme.storage={storage}",
        "--certificatesresolvers.pebble.acme.httpchallenge.entrypoint=web",
        $"--certificatesresolvers.pebble.acme.cacertificates={caFile}",
    ];

    /// <summary>How many times <paramref name="part"/> stands in <paramref name="text"/>, not overlapping.</summary>
    public static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
