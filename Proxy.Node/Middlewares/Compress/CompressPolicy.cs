using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;

namespace Proxy.Node.Middlewares.Compress;

/// <summary>
/// A checked <see cref="CompressConfig"/> made ready for requests: which responses may be compressed, read from
/// their headers alone. Whatever the options, an SSE stream (text/event-stream) and gRPC (application/grpc*) are
/// never compressed, nor an encoded body, a range, a 1xx, 204 or 304: compressing them would break the client.
/// </summary>
internal sealed class CompressPolicy
{
    public CompressPolicy(CompressConfig options)
    {
        Encodings = options.Encodings.IsDefaultOrEmpty ? CompressConfig.KnownEncodings : options.Encodings;
        DefaultEncoding = options.DefaultEncoding;
        // Traefik's: 0 means its default.
        MinBytes = options.MinResponseBodyBytes is > 0 and var min ? min : CompressConfig.DefaultMinResponseBodyBytes;
        Included = Parse(options.IncludedContentTypes);
        Excluded = Parse(options.ExcludedContentTypes);
    }

    public ImmutableArray<string> Encodings { get; }

    public string? DefaultEncoding { get; }

    public int MinBytes { get; }

    public ImmutableArray<MediaType> Included { get; }

    public ImmutableArray<MediaType> Excluded { get; }

    /// <summary>Whether a request of this Content-Type is left alone, as Traefik checks the request's type against the exclusions.</summary>
    public bool ExcludesRequest(HttpRequest request) =>
        request.ContentType is { Length: > 0 } type && MediaTypes.TryParse(type, out var parsed) && (IsNever(parsed) || Excluded.Any(e => e.Matches(parsed)));

    /// <summary>Whether the response, as its headers stand, may be compressed (its size aside).</summary>
    public bool Allows(HttpResponse response)
    {
        var status = response.StatusCode;
        if (status < 200 || status is StatusCodes.Status204NoContent or StatusCodes.Status206PartialContent or StatusCodes.Status304NotModified)
        {
            return false;
        }

        var headers = response.Headers;
        if (headers.ContentEncoding.Count > 0 || headers.ContentRange.Count > 0)
        {
            return false;
        }

        if (headers.ContentType is not { Count: > 0 } contentType || string.IsNullOrEmpty(contentType[0]))
        {
            // Traefik compresses a body of no declared type.
            return true;
        }

        if (!MediaTypes.TryParse(contentType[0], out var type) || IsNever(type))
        {
            return false;
        }

        return Included.IsEmpty ? !Excluded.Any(e => e.Matches(type)) : Included.Any(i => i.Matches(type));
    }

    private static bool IsNever(MediaType type) =>
        type.Name == "text/event-stream" || type.Name.StartsWith("application/grpc", StringComparison.Ordinal);

    private static ImmutableArray<MediaType> Parse(ImmutableArray<string> types) =>
        types.IsDefaultOrEmpty
            ? []
            : [.. types.Select(t => MediaTypes.TryParse(t, out var parsed) ? parsed : throw new ArgumentException($"'{t}' was not validated", nameof(types)))];
}
