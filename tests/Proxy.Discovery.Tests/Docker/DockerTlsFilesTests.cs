using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Discovery.Docker;
using Xunit;
using Xunit.Abstractions;

namespace Proxy.Discovery.Tests.Docker;

/// <summary>
/// The watcher reads its TLS files when it starts; files that went missing since the node's start-up checks
/// show as that host's error, naming the file, and are read again after the supervisor's pause.
/// </summary>
public sealed class DockerTlsFilesTests : TestKit
{
    public DockerTlsFilesTests(ITestOutputHelper output)
        : base(output: output)
    {
    }

    [Fact]
    public void Watch_CertificateFileGone_HostErrorNamesTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"gone-{Guid.NewGuid():N}.pem");
        const string endpoint = "tcp://127.0.0.1:1";
        var configuration = CreateTestProbe();
        var settings = new DockerProviderSettings([endpoint], DockerProviderOptions.Default)
        {
            Tls = System.Collections.Immutable.ImmutableDictionary<string, DockerTlsSettings>.Empty.Add(endpoint, new DockerTlsSettings(null, missing, missing, false)),
        };

        Sys.ActorOf(DockerProviderActor.Props(settings, configuration, TimeProvider.System));

        var report = configuration.FishForMessage<ProviderConfigurationChanged>(c => c.Errors.Any(e => e.Source == $"docker:{endpoint}"), TimeSpan.FromSeconds(10));
        var error = report.Errors.First(e => e.Source == $"docker:{endpoint}").Message;
        Assert.Contains($"TLS: cannot read the client certificate {missing}", error, StringComparison.Ordinal);
    }
}
