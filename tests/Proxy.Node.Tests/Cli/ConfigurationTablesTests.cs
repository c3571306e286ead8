using Proxy.Node.Cli;
using Xunit;

namespace Proxy.Node.Tests.Cli;

public sealed class ConfigurationTablesTests
{
    private static string[] Lines(string table) => [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'))];

    [Fact]
    public void Services_ServerPerRowWithHealthSourceAndDiscoverers_InternalServiceOneRow()
    {
        const string json = """
            [{"servers":[{"url":"http://127.0.0.2:80","status":"UP","reason":null,"inFlight":2,"source":"docker:unix:///var/run/docker.sock/web-1","discoveredBy":["127.0.0.1:4053"]},
                         {"url":"http://127.0.0.3:80","status":"DRAINING","reason":"stop signal","inFlight":0,"source":"docker:unix:///var/run/docker-b.sock/web-2","discoveredBy":["127.0.0.1:4054","127.0.0.1:4055"]}],
              "status":"enabled","name":"web@docker","type":"loadbalancer"},
             {"status":"warning","name":"api@internal","type":"internal","error":["http.services.api: one, with a comma","two"]}]
            """;

        Assert.Equal(
            [
                "SERVICE       TYPE          STATUS   SERVER               HEALTH                  IN FLIGHT  SOURCE                                      DISCOVERED BY                  ERRORS",
                "web@docker    loadbalancer  enabled  http://127.0.0.2:80  UP                      2          docker:unix:///var/run/docker.sock/web-1    127.0.0.1:4053",
                "web@docker    loadbalancer  enabled  http://127.0.0.3:80  DRAINING (stop signal)  0          docker:unix:///var/run/docker-b.sock/web-2  127.0.0.1:4054,127.0.0.1:4055",
                "api@internal  internal      warning                                                                                                                                     http.services.api: one, with a comma; two",
            ],
            Lines(ConfigurationTables.Services(json)));
    }

    [Fact]
    public void Routers_RuleServiceEntryPointsMiddlewaresStatusAndErrors()
    {
        const string json = """
            [{"entryPoints":["web","websecure"],"middlewares":["retry"],"service":"shop","rule":"Host(`shop.test`)","status":"enabled","name":"shop@docker"},
             {"entryPoints":["web"],"middlewares":null,"service":null,"rule":"Bogus(`x`)","status":"disabled","name":"broken@file","error":["http.routers.broken.rule: unknown matcher Bogus"]}]
            """;

        Assert.Equal(
            [
                "NAME         RULE               SERVICE  ENTRYPOINTS    MIDDLEWARES  STATUS    ERRORS",
                "shop@docker  Host(`shop.test`)  shop     web,websecure  retry        enabled",
                "broken@file  Bogus(`x`)                  web                         disabled  http.routers.broken.rule: unknown matcher Bogus",
            ],
            Lines(ConfigurationTables.Routers(json)));
    }

    [Fact]
    public void Certificates_FileAcmeBrokenAndDefault_RowEach()
    {
        const string json = """
            [{"name":"tls.certificates[0]","provider":"file:/d.yml","source":"file","certFile":"/certs/shop.pem","keyFile":"/certs/shop.key",
              "domains":{"main":"shop.example.com","sans":["www.shop.example.com"]},"notAfter":"2026-04-01T00:00:00+00:00","resolver":null,"nextRenewal":null,"status":"enabled"},
             {"name":"certificatesResolvers.le.acme.certificates[api.example.com]","provider":"acme","source":"acme","certFile":null,
              "domains":{"main":"api.example.com","sans":[]},"notAfter":"2026-04-01T00:00:00+00:00","resolver":"le","nextRenewal":"2026-03-02T00:00:00+00:00","status":"enabled"},
             {"name":"tls.certificates[1]","provider":"file:/d.yml","source":"file","status":"disabled","error":["tls.certificates[1].certFile: cannot read '/certs/b.pem': no such file"]},
             {"name":"generated default certificate","provider":"internal","source":"default","certFile":null,"domains":{"main":null,"sans":[]},"notAfter":"2027-12-05T00:00:00+00:00","status":"enabled"}]
            """;

        Assert.Equal(
            [
                "NAME                                                         DOMAINS                                SOURCE                NOT AFTER                  NEXT RENEWAL               STATUS    ERRORS",
                "tls.certificates[0]                                          shop.example.com,www.shop.example.com  file /certs/shop.pem  2026-04-01T00:00:00+00:00                             enabled",
                "certificatesResolvers.le.acme.certificates[api.example.com]  api.example.com                        acme le               2026-04-01T00:00:00+00:00  2026-03-02T00:00:00+00:00  enabled",
                "tls.certificates[1]                                                                                 file                                                                        disabled  tls.certificates[1].certFile: cannot read '/certs/b.pem': no such file",
                "generated default certificate                                                                       default               2027-12-05T00:00:00+00:00                             enabled",
            ],
            Lines(ConfigurationTables.Certificates(json)));
    }

    [Fact]
    public void Errors_SourcePathMessage_OrASentenceWhenNone()
    {
        Assert.Equal(
            [
                "SOURCE                                  PATH                   MESSAGE",
                "docker:unix:///var/run/docker.sock/web  http.routers.web.rule  container web: bad rule",
            ],
            Lines(ConfigurationTables.Errors("""[{"source":"docker:unix:///var/run/docker.sock/web","path":"http.routers.web.rule","message":"container web: bad rule"}]""")));
        Assert.Equal("No configuration errors.\n", ConfigurationTables.Errors("[]"));
    }

    [Fact]
    public void Errors_MessageWithLineBreakAndEscapeSequence_OneRowEscaped()
    {
        var table = ConfigurationTables.Errors("""[{"source":"docker:a/web","path":"http.routers.web\nx.rule","message":"label proxy.http.routers.web\r\nfake row\u001b[2J: bad"}]""");

        Assert.Equal(
            [
                "SOURCE        PATH                      MESSAGE",
                @"docker:a/web  http.routers.web\nx.rule  label proxy.http.routers.web\r\nfake row\x1B[2J: bad",
            ],
            Lines(table));
        Assert.DoesNotContain('\u001b', table);
    }

    [Fact]
    public void Routers_ControlCharactersInNamesRulesAndErrors_EscapedNotSentToTheTerminal()
    {
        // A container label or a YAML key holding an escape sequence (here: set the terminal's title,
        // clear the screen) reached the operator's terminal through `proxy-node routers`.
        const string json = """
            [{"entryPoints":["web"],"service":"s\u001b[1m","rule":"Host(`a\u001b[31m`)","status":"disabled","name":"ev\u001b]0;pwned\u0007il\u001b[2J@docker",
              "error":["http.routers.x.rule: bad\nforged line"]}]
            """;

        var table = ConfigurationTables.Routers(json);

        Assert.DoesNotContain('\u001b', table);
        Assert.DoesNotContain('\u0007', table);
        Assert.Contains("ev\\x1B]0;pwned\\x07il\\x1B[2J@docker", table, StringComparison.Ordinal);
        Assert.Equal(2, Lines(table).Length);
    }
}
