using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Proxy.Actors.Configuration.Validation;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Resolving;

public sealed class AcmeConfigurationCheckActorTests : TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static readonly ImmutableSortedDictionary<string, AcmeResolverSettings> Resolvers = new Dictionary<string, AcmeResolverSettings>
    {
        ["le"] = new("le", null, AcmeResolverSettings.LetsEncryptProduction, "acme.json", AcmeKeyType.EC256, "web", false, TimeSpan.FromDays(90), []),
    }.ToImmutableSortedDictionary(StringComparer.Ordinal);

    [Fact]
    public void Check_RouterWithResolverAndNoHost_LoggedAtWarningLevel()
    {
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs, typeof(Warning));
        Sys.EventStream.Subscribe(logs, typeof(Error));
        var status = AcmeRouterStatusCell.Get(Sys);
        var actor = Sys.ActorOf(AcmeConfigurationCheckActor.Props(Resolvers, status));

        // The router serves the default certificate; the API shows it as a warning (AcmeRouterErrors).
        actor.Tell(new TlsConfigurationChanged(ValidatedTls.Empty, [new TlsRouterDemand("a@file", ["websecure"], new RouterTlsConfig("le", [], null), [])]));

        var logged = logs.FishForMessage<LogEvent>(e => e.Message.ToString()!.Contains("names no domain", StringComparison.Ordinal), Wait);
        Assert.Equal(LogLevel.WarningLevel, logged.LogLevel());
        Assert.Equal(
            "Certificate resolver: router a@file asks certificate resolver le for a certificate but names no domain: give tls.domains or a Host(...) rule",
            logged.Message.ToString());
        AwaitAssert(() => Assert.True(status.Current.ContainsKey("a@file")), Wait);
    }
}
