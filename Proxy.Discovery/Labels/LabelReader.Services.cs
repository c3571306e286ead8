using Proxy.Actors.Model.Config;

namespace Proxy.Discovery.Labels;

/// <summary>Labels under <c>http.services.&lt;name&gt;.</c>.</summary>
internal sealed partial class LabelReader
{
    private static readonly string[] ServiceKinds = ["loadbalancer"];
    private static readonly string[] UnsupportedServiceKinds = ["weighted", "mirroring", "failover"];

    private static readonly string[] LoadBalancerFields =
        ["server.port", "server.scheme", "server.url", "server.weight", "passhostheader", "healthcheck.<option>", "passivehealthcheck.<option>"];

    private static readonly string[] HealthCheckFields =
        ["path", "interval", "timeout", "scheme", "hostname", "port", "method", "status", "headers.<name>", "failurethreshold", "successthreshold", "initialstate"];

    private static readonly string[] PassiveHealthCheckFields = ["maxfailedattempts", "failurewindow", "cooldown"];

    private void ReadService(string label, string value, string name, string[] rest)
    {
        var path = $"http.services.{name}";
        var kind = rest.Length == 0 ? "" : rest[0].ToLowerInvariant();
        if (UnsupportedServiceKinds.Contains(kind))
        {
            Report(label, $"{path}.{kind}", $"service kind '{rest[0]}' is not supported (only loadbalancer is)");
            return;
        }

        if (kind != "loadbalancer")
        {
            Unknown(label, Join(path, Lower(rest)), string.Join('.', rest), ServiceKinds);
            return;
        }

        path += ".loadbalancer";
        var balancer = _services.GetValueOrDefault(name) ?? new LoadBalancerConfig([], null, null, null);
        var server = _servers.GetValueOrDefault(name) ?? ServerLabels.None;
        var field = Lower(rest[1..]);
        var fieldPath = Join(path, field);
        string? problem = null;
        switch (field)
        {
            case "server.port":
                server = LabelValues.TryPort(value, out var port, out problem) ? server with { Port = port } : server;
                break;
            case "server.scheme":
                server = server with { Scheme = value.Trim() };
                break;
            case "server.url":
                server = server with { Url = value.Trim() };
                break;
            case "server.weight":
                server = LabelValues.TryInt(value, out var weight, out problem) ? server with { Weight = weight } : server;
                break;
            case "passhostheader":
                balancer = LabelValues.TryBool(value, out var pass, out problem) ? balancer with { PassHostHeader = pass } : balancer;
                break;
            case var _ when field.StartsWith("healthcheck.", StringComparison.Ordinal):
                var health = ReadHealthCheck(balancer.HealthCheck ?? HealthCheckConfig.Default, rest[2..], value, out problem, out var healthKnown);
                if (!healthKnown)
                {
                    Unknown(label, fieldPath, string.Join('.', rest[2..]), HealthCheckFields);
                    return;
                }

                balancer = balancer with { HealthCheck = health };
                break;
            case var _ when field.StartsWith("passivehealthcheck.", StringComparison.Ordinal):
                var passive = ReadPassiveHealthCheck(balancer.PassiveHealthCheck ?? new PassiveHealthCheckConfig(null, null, null), rest[2..], value, out problem, out var passiveKnown);
                if (!passiveKnown)
                {
                    Unknown(label, fieldPath, string.Join('.', rest[2..]), PassiveHealthCheckFields);
                    return;
                }

                balancer = balancer with { PassiveHealthCheck = passive };
                break;
            default:
                Unknown(label, fieldPath, string.Join('.', rest[1..]), LoadBalancerFields);
                return;
        }

        if (problem is not null)
        {
            Report(label, fieldPath, problem);
            return;
        }

        _services[name] = balancer;
        _servers[name] = server;
    }

    /// <param name="problem">Set when the field is known and its value is bad.</param>
    /// <param name="known">False when the field itself is not one of the health check's.</param>
    private static HealthCheckConfig ReadHealthCheck(HealthCheckConfig health, string[] option, string value, out string? problem, out bool known)
    {
        problem = null;
        known = true;
        if (option.Length == 2 && option[0].Equals("headers", StringComparison.OrdinalIgnoreCase))
        {
            // Header names keep their spelling: they are sent as written.
            return health with { Headers = health.Headers.SetItem(option[1], value) };
        }

        int number;
        switch (Lower(option))
        {
            case "path":
                return health with { Path = value.Trim() };
            case "interval":
                return health with { Interval = value.Trim() };
            case "timeout":
                return health with { Timeout = value.Trim() };
            case "scheme":
                return health with { Scheme = value.Trim() };
            case "hostname":
                return health with { Hostname = value.Trim() };
            case "method":
                return health with { Method = value.Trim() };
            case "initialstate":
                return health with { InitialState = value.Trim() };
            case "port":
                return LabelValues.TryPort(value, out number, out var portProblem) ? health with { Port = number } : Bad(health, portProblem, out problem);
            case "status":
                return LabelValues.TryInt(value, out number, out var statusProblem) ? health with { Status = number } : Bad(health, statusProblem, out problem);
            case "failurethreshold":
                return LabelValues.TryInt(value, out number, out var failureProblem) ? health with { FailureThreshold = number } : Bad(health, failureProblem, out problem);
            case "successthreshold":
                return LabelValues.TryInt(value, out number, out var successProblem) ? health with { SuccessThreshold = number } : Bad(health, successProblem, out problem);
            default:
                known = false;
                return health;
        }
    }

    private static PassiveHealthCheckConfig ReadPassiveHealthCheck(PassiveHealthCheckConfig passive, string[] option, string value, out string? problem, out bool known)
    {
        problem = null;
        known = true;
        switch (Lower(option))
        {
            case "maxfailedattempts":
                return LabelValues.TryInt(value, out var attempts, out var attemptsProblem) ? passive with { MaxFailedAttempts = attempts } : Bad(passive, attemptsProblem, out problem);
            case "failurewindow":
                return passive with { FailureWindow = value.Trim() };
            case "cooldown":
                return passive with { Cooldown = value.Trim() };
            default:
                known = false;
                return passive;
        }
    }

    private static T Bad<T>(T unchanged, string reason, out string? problem)
    {
        problem = reason;
        return unchanged;
    }
}
