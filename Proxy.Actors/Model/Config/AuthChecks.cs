using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Auth;

namespace Proxy.Actors.Model.Config;

/// <summary>
/// The checks the auth middlewares' declarations name. A class of their own, so that they exist before any
/// record's Schema reads them, whatever order the record declares things in.
/// </summary>
internal static class AuthChecks
{
    /// <summary>Each line is <c>user:hash</c> with a hash the node verifies; the problem names the user, never the hash.</summary>
    public static ValueCheck<ImmutableArray<string>> HtpasswdLines { get; } = lines =>
        HtpasswdUsers.ProblemsOf(lines.IsDefault ? [] : lines).Select(p => new FieldProblem($"[{p.Index}]", p.Problem));

    /// <summary>The file is read now, on the node that validates, as every node will read it to serve.</summary>
    public static ValueCheck<string> HtpasswdFile { get; } = path =>
        path.Length == 0
            ? [FieldProblem.Of("must not be empty")]
            : HtpasswdUsers.ReadFile(path).Problems.Take(10).Select(FieldProblem.Of);

    /// <summary>Each line is <c>user:realm:HA1</c>; the problem names the user, never the HA1.</summary>
    public static ValueCheck<ImmutableArray<string>> DigestLines { get; } = lines =>
        (lines.IsDefault ? [] : lines)
            .Select((line, i) => (i, DigestLine.Parse(line).Problem))
            .Where(p => p.Problem is not null)
            .Select(p => new FieldProblem($"[{p.i}]", p.Problem!));

    /// <summary>As <see cref="HtpasswdFile"/>, in htdigest's format.</summary>
    public static ValueCheck<string> DigestFile { get; } = path =>
        path.Length == 0
            ? [FieldProblem.Of("must not be empty")]
            : HtpasswdUsers.ReadFile(path, DigestLine.Parse).Problems.Take(10).Select(FieldProblem.Of);

    /// <summary>The realm goes between quotes in WWW-Authenticate.</summary>
    public static ValueCheck<string> Realm { get; } = realm =>
        realm.Any(c => c is '"' or '\\' || char.IsControl(c))
            ? [FieldProblem.Of("must not contain '\"', '\\' or control characters (it is quoted in WWW-Authenticate)")]
            : [];

    /// <summary>An RFC 9110 token: the name of a header the node sets on the request.</summary>
    public static ValueCheck<string> HeaderName { get; } = name =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))
            ? []
            : [FieldProblem.Of($"'{name}' is not a valid header name")];

    /// <summary>Every item a header name.</summary>
    public static ValueCheck<ImmutableArray<string>> HeaderNames { get; } = Checks.EachItem(HeaderName);

    /// <summary>An absolute http or https URL: where forwardAuth sends its questions.</summary>
    public static ValueCheck<string> AuthAddress { get; } = address =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? string.IsNullOrEmpty(uri.Fragment) ? [] : [FieldProblem.Of($"'{address}' must not have a fragment")]
            : [FieldProblem.Of($"'{address}' is not an absolute http or https URL (http://auth:4181/verify)")];

    /// <summary>A cookie name is an RFC 6265 token.</summary>
    public static ValueCheck<ImmutableArray<string>> CookieNames { get; } = Checks.EachItem(HeaderName);

    /// <summary>-1 (no limit of its own) or a positive number of bytes.</summary>
    public static ValueCheck<long> BodySize { get; } = size =>
        size == -1 || size > 0 ? [] : [FieldProblem.Of($"must be -1 (no limit) or a number of bytes above 0, got {size}")];
}
