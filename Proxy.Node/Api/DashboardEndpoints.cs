using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Proxy.Node.Api;

/// <summary>
/// The dashboard at <c>/dashboard/</c>: three static files embedded in the binary, so a node
/// serves it with no files beside it and no network. The page reads the JSON API itself.
/// </summary>
public static class DashboardEndpoints
{
    private const string ResourcePrefix = "Proxy.Node.Dashboard.";

    private static readonly Dictionary<string, (byte[] Body, string ContentType)> Assets = Load();

    public static void MapDashboard(this IEndpointRouteBuilder api)
    {
        // Routing matches /dashboard and /dashboard/ alike; the page's relative asset links need the slash.
        api.MapGet("/dashboard/{file?}", (string? file, HttpRequest request) =>
            file is null && !request.Path.Value!.EndsWith('/') ? Results.Redirect("/dashboard/")
            : Assets.TryGetValue(file ?? "index.html", out var asset) ? Results.Bytes(asset.Body, asset.ContentType)
            : Results.NotFound());
    }

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name[ResourcePrefix.Length..];
            assets[file] = (copy.ToArray(), ContentType(file));
        }

        return assets;
    }

    private static string ContentType(string file) => Path.GetExtension(file) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };
}
