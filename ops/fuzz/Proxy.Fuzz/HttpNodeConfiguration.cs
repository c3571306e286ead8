namespace Proxy.Fuzz;

/// <summary>The dynamic file of the raw HTTP target's node.</summary>
public static class HttpNodeConfiguration
{
    /// <summary>
    /// The dynamic file the target node runs: whoami on <c>/</c>, <c>/fwd</c> forwarded to
    /// <paramref name="backendUrl"/>. The test suite's short run (RawHttpFuzzTests) links this file and serves the same.
    /// </summary>
    public static string For(string backendUrl) => $$"""
        http:
          routers:
            whoami:
              rule: "PathPrefix(`/`)"
              service: whoami@internal
            fwd:
              rule: "PathPrefix(`/fwd`)"
              service: backend
          services:
            backend:
              loadBalancer:
                servers:
                  - url: "{{backendUrl}}"
        """;
}
