using Akka.Actor;
using Proxy.Actors.Certificates;
using Proxy.Node.Acme;
using Proxy.Node.Tests.Integration;
using Xunit;

namespace Proxy.Node.Tests.Acme;

[Collection(IntegrationCollection.Name)]
public sealed class AcmeStorageErrorsApiTests
{
    [Fact]
    public async Task ApiErrors_StorageFileUnreadable_ListedWithTheFileAndTheLimit()
    {
        var directory = Directory.CreateTempSubdirectory("acme-errors-").FullName;
        try
        {
            var file = Path.Combine(directory, "acme.json");
            using (var stream = File.Create(file))
            {
                stream.SetLength(AcmeJsonStorage.MaxFileBytes + 1);
            }

            await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers("http://127.0.0.1:9")), "app");
            // A second state actor over the unreadable file, in the node's own system: its errors reach the node's API.
            node.System.ActorOf(AcmeStateActor.Props(
                AcmeStateSettings.Default, [new AcmeResolverStorage("le", file, new Uri("https://ca.test/dir"))], new AcmeJsonStorage(TimeProvider.System), TimeProvider.System));

            await Eventually.TrueAsync(
                async () =>
                {
                    using var errors = await node.GetApiJsonAsync("/api/errors");
                    return errors.RootElement.EnumerateArray().Any(e =>
                        e.GetProperty("source").GetString() == "acme"
                        && e.GetProperty("path").GetString() == $"storage {file}"
                        && e.GetProperty("message").GetString()!.Contains($"over the {AcmeJsonStorage.MaxFileBytes}-byte limit of a storage file", StringComparison.Ordinal));
                },
                "the storage error in /api/errors");
            Assert.Equal(AcmeJsonStorage.MaxFileBytes + 1, new FileInfo(file).Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
