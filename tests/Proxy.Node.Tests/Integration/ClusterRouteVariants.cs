namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Every way of writing a cluster route that a client can send: case, percent-encoding, slashes.
/// Kestrel decodes <c>%63</c> but keeps <c>%2F</c> and removes dot segments; routing ignores case and a trailing slash. A
/// check on the path as a string misses some of these; a check on the endpoint cannot.
/// </summary>
public static class ClusterRouteVariants
{
    /// <summary>No member has this address, so a request that reaches the handler answers 404 "No member found": harmless, and recognisable.</summary>
    public const string Stranger = "127.0.0.1:1";

    /// <summary>What only the member handlers write: proof that a request reached one.</summary>
    public const string HandlerMark = "No member found";

    /// <summary>One request: its name for the failure message, method, target, form body, and whether routing sends it to a handler.</summary>
    public sealed record Variant(string Name, string Method, string Target, string? Form, bool Routes)
    {
        public override string ToString() => $"{Method} {Target}{(Form is null ? "" : $" [{Form}]")} ({Name})";
    }

    /// <summary>The member paths as written, each with whether it reaches a member route.</summary>
    public static IReadOnlyList<(string Name, string Path, bool Routes)> MemberPaths { get; } =
    [
        ("as written", $"/cluster/members/{Stranger}", true),
        ("upper case", $"/CLUSTER/members/{Stranger}", true),
        ("mixed case", $"/Cluster/Members/{Stranger}", true),
        ("%63luster", $"/%63luster/members/{Stranger}", true),
        ("%2F in the address", $"/cluster/members/akka.tcp:%2F%2Fproxy@{Stranger}", true),
        ("upper case and %2F", $"/CLUSTER/MEMBERS/akka.tcp:%2F%2Fproxy@{Stranger}", true),
        ("trailing slash", $"/cluster/members/{Stranger}/", true),
        ("upper case and trailing slash", $"/CLUSTER/MEMBERS/{Stranger}/", true),
        ("dot segments", $"/api/../CLUSTER/./members/{Stranger}", true),
        ("leading double slash", $"//cluster/members/{Stranger}", false),
        ("inner double slash", $"/cluster//members/{Stranger}", false),
        ("%2F between segments", $"/cluster%2Fmembers/{Stranger}", false),
    ];

    /// <summary>Leave and down as the API takes them (query, form, DELETE) on every member path.</summary>
    public static IReadOnlyList<Variant> Mutations { get; } =
    [
        .. MemberPaths.SelectMany<(string Name, string Path, bool Routes), Variant>(p =>
        [
            new(p.Name, "PUT", p.Path + "?operation=Down", null, p.Routes),
            new(p.Name, "PUT", p.Path, "operation=Leave", p.Routes),
            new(p.Name, "DELETE", p.Path, null, p.Routes),
        ]),
    ];

    /// <summary>The read routes: the member list and one member.</summary>
    public static IReadOnlyList<Variant> Reads { get; } =
    [
        new("list", "GET", "/cluster/members", null, true),
        new("list, upper case", "GET", "/CLUSTER/MEMBERS", null, true),
        new("list, trailing slash", "GET", "/Cluster/Members/", null, true),
        .. MemberPaths.Select(p => new Variant(p.Name, "GET", p.Path, null, p.Routes)),
    ];

    /// <summary>Whether a response came from a cluster handler (a member list, or a member's 404).</summary>
    public static bool FromHandler(RawHttp.Response response) =>
        response.Body.Contains(HandlerMark, StringComparison.Ordinal) || response.Body.Contains("\"selfNode\"", StringComparison.Ordinal);
}
