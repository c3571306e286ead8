using System.Net;
using Proxy.Actors.Routing;
using Proxy.Actors.Routing.Rules;

namespace Proxy.Fuzz.Targets;

/// <summary>
/// The rule parser: every text compiles to a rule or to an error that says where (a position
/// inside the text) and what; a compiled rule then matches a request without throwing.
/// </summary>
public static class RuleTarget
{
    private static readonly IRequestFacts Request = new Facts();

    public static FuzzRun.Outcome Check(string text)
    {
        var result = RuleCompiler.Compile(text);
        if (!result.IsSuccess)
        {
            var error = result.Error;
            if (string.IsNullOrWhiteSpace(error.Message))
            {
                return FuzzRun.Outcome.Fail("rejected with an empty message");
            }

            // Position is 1-based; one past the end is where "unexpected end of rule" points.
            return error.Position < 1 || error.Position > text.Length + 1
                ? FuzzRun.Outcome.Fail($"error position {error.Position} outside the text of {text.Length} characters: {error}")
                : FuzzRun.Outcome.Error;
        }

        result.Rule.Matches(Request);
        return FuzzRun.Outcome.Accepted;
    }

    /// <summary>A short request: what a rule's regexes run on stays small, as a real path and host are.</summary>
    private sealed class Facts : IRequestFacts
    {
        public string Host => "app.example.com";

        public string Path => "/api/v1/items";

        public string Method => "GET";

        public IPAddress? ClientIp => IPAddress.Loopback;

        public IReadOnlyList<string> HeaderValues(string name) => ["curl/8.5.0"];

        public IReadOnlyList<string> QueryValues(string name) => ["2"];

        public bool HasQuery(string name) => true;
    }
}
