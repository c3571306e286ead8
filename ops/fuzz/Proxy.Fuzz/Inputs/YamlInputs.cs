namespace Proxy.Fuzz.Inputs;

/// <summary>File-provider YAML: the documented example and smaller files in block, flow and anchor style, mutated.</summary>
public static class YamlInputs
{
    /// <summary>
    /// At most 4 mutations of at most 25 repeats: nesting stays at 100 levels or less. Deeper
    /// nesting is left out of the runs until the YAML provider has its depth limit (issue 10,
    /// "parser limits", another engineer's change): without it a deep enough file overflows the stack.
    /// </summary>
    public const int MaxRepeat = 25;

    public static readonly IReadOnlyList<string> Seeds =
    [
        "http:\n  routers:\n    api:\n      rule: \"Host(`api.example.com`) && PathPrefix(`/v1`)\"\n      entryPoints: [web, websecure]\n      middlewares: [strip-v1, retry]\n      service: api-svc\n      priority: 10\n\n  services:\n    api-svc:\n      loadBalancer:\n        passHostHeader: false\n        servers:\n          - url: http://10.0.0.1:8080\n            weight: 3\n          - url: http://10.0.0.2:8080\n        healthCheck:\n          path: /health\n          interval: 10s\n          timeout: 3s\n          scheme: https\n          hostname: api.internal\n          port: 8443\n          headers:\n            X-Probe: \"1\"\n          method: HEAD\n          status: 204\n          failureThreshold: 3\n          successThreshold: 2\n          initialState: unhealthy\n        passiveHealthCheck:\n          maxFailedAttempts: 5\n          failureWindow: 30s\n          cooldown: 1m\n\n  middlewares:\n    strip-v1:\n      stripPrefix:\n        prefixes: [\"/v1\"]\n    add-api:\n      addPrefix:\n        prefix: /api\n    retry:\n      retry:\n        attempts: 2\n        initialInterval: 100ms\n        retryNonIdempotent: false\n        maxBodyBytes: 65536\n    tag:\n      headers:\n        customRequestHeaders:\n          X-Proxy: proxy\n          X-Remove: \"\"\n        customResponseHeaders:\n          X-Served-By: proxy\n",
        "http:\n  routers:\n    web:\n      rule: \"PathPrefix(`/`)\"\n      service: web\n  services:\n    web:\n      loadBalancer:\n        servers:\n          - url: \"http://127.0.0.2:8081\"\n",
        "http: {routers: {a: {rule: \"Host(`a`)\", service: s, entryPoints: [web]}}, services: {s: {loadBalancer: {servers: [{url: \"http://127.0.0.3:80\", weight: 2}]}}}}\n",
        "http:\n  routers:\n    a: &r\n      rule: \"Path(`/a`)\"\n      service: s\n    b: *r\n  services:\n    s:\n      loadBalancer:\n        servers: &servers\n          - url: http://127.0.0.4:80\n        healthCheck: {path: /h, interval: 5s}\n",
    ];

    public static readonly IReadOnlyList<string> Delimiters =
        [":", ": ", "- ", "-", "\n", "\n  ", "\n    ", "  ", "\t", "{", "}", "[", "]", ",", "'", "\"", "&a ", "*a", "!!str ", "!!map ", "!<tag:x> ", "|", ">", "#", "---\n", "...\n", "? ", "%YAML 1.2\n", "<<: *a\n", "~", "null", "0x1F", "1e999", "-9223372036854775809", "\\u0000", "\\x"];

    public static readonly IReadOnlyList<string> Fragments =
        ["[", "{a: ", "- ", "  ", "a:\n  ", "&a [*a, *a] ", "x: &b {y: *b}\n", "routers:\n", "http:\n  ", "url: http://127.0.0.9:1\n"];

    public static string Next(Mutator mutator) =>
        mutator.Mutate(mutator.Pick(Seeds), Delimiters, Fragments, MaxRepeat);
}
