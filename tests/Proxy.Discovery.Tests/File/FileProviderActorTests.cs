using Akka.TestKit.Xunit2;
using Proxy.Actors.Configuration;
using Proxy.Discovery.File;
using Proxy.Discovery.Yaml;
using Xunit;

namespace Proxy.Discovery.Tests.File;

public sealed class FileProviderActorTests : TestKit
{
    private const string OneRouter = "http:\n  routers:\n    api:\n      rule: Path(`/api`)\n";
    private const string TwoRouters = OneRouter + "    web:\n      rule: Path(`/`)\n";

    /// <summary>Long enough for a watcher event and the debounce on a busy 2-core machine.</summary>
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(5);

    private readonly string _directory = Directory.CreateTempSubdirectory("file-provider-").FullName;

    private string FilePath => Path.Combine(_directory, "dynamic.yml");

    [Fact]
    public void Start_ValidFile_ReportsConfiguration()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);

        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));

        var changed = ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);
        Assert.Equal("file", changed.Provider);
        Assert.Equal("Path(`/api`)", Assert.Single(changed.Config.Routers).Value.Rule);
        Assert.Empty(changed.Errors);
    }

    [Fact]
    public void Start_FileWithBrokenRouter_ReportsConfigurationWithItsError()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter + "    bad:\n      priority: abc\n");

        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));

        var changed = ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);
        Assert.Single(changed.Config.Routers);
        var error = Assert.Single(changed.Errors);
        Assert.Equal(($"file:{FilePath}", "http.routers.bad.priority"), (error.Source, error.Path));
    }

    [Fact]
    public void Start_MissingFile_ReportsFailureNamingThePath()
    {
        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: true, TestActor));

        var failed = ExpectMsg<ProviderConfigurationFailed>(ReportTimeout);
        Assert.Equal("file", failed.Provider);
        Assert.Equal($"cannot read {FilePath}: file not found", Assert.Single(failed.Errors).Message);
    }

    [Fact]
    public void Start_SyntaxError_ReportsFailure()
    {
        System.IO.File.WriteAllText(FilePath, "http:\n  routers: [a\n");

        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));

        var failed = ExpectMsg<ProviderConfigurationFailed>(ReportTimeout);
        Assert.StartsWith("line 3, column 1: ", Assert.Single(failed.Errors).Message);
    }

    [Fact]
    public void Start_NestingTooDeep_ReportsFailureNamingTheLimit()
    {
        System.IO.File.WriteAllText(FilePath, new string('[', 100_000));

        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));

        var failed = ExpectMsg<ProviderConfigurationFailed>(ReportTimeout);
        Assert.Equal("line 1, column 65: nesting deeper than 64 levels (the limit for a dynamic configuration file)", Assert.Single(failed.Errors).Message);
    }

    [Fact]
    public void Start_FileOverTheSizeLimit_ReportsFailureNamingSizeAndLimit()
    {
        using (var file = System.IO.File.Create(FilePath))
        {
            // Sparse: the limit is checked on the length, before reading.
            file.SetLength(YamlLimits.DynamicFile.MaxBytes + 1);
        }

        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));

        var failed = ExpectMsg<ProviderConfigurationFailed>(ReportTimeout);
        Assert.Equal($"cannot read {FilePath}: dynamic.yml is 67,108,865 bytes, larger than the 64 MiB limit for a dynamic configuration file", Assert.Single(failed.Errors).Message);
    }

    [Fact]
    public void ReloadFile_UnwatchedFileEdited_ReportsNewConfiguration()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);
        var provider = Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));
        ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);
        System.IO.File.WriteAllText(FilePath, TwoRouters);

        provider.Tell(ReloadFile.Instance, Akka.Actor.ActorRefs.NoSender);

        var changed = ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);
        Assert.Equal<string>(["api", "web"], changed.Config.Routers.Keys);
    }

    [Fact]
    public void ReloadFile_Unchanged_ReportsNothing()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);
        var provider = Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));
        ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);

        provider.Tell(ReloadFile.Instance, Akka.Actor.ActorRefs.NoSender);

        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Edit_WatchedFile_ReportsNewConfiguration()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);
        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: true, TestActor));
        ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);

        System.IO.File.WriteAllText(FilePath, TwoRouters);

        var changed = ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);
        Assert.Equal<string>(["api", "web"], changed.Config.Routers.Keys);
    }

    [Fact]
    public void Replace_WatchedFileByRename_ReportsNewConfiguration()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);
        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: true, TestActor));
        ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);

        // How editors and config-management tools save: write a sibling, then rename it over the original.
        var temporary = Path.Combine(_directory, ".dynamic.yml.swp");
        System.IO.File.WriteAllText(temporary, TwoRouters);
        System.IO.File.Move(temporary, FilePath, overwrite: true);

        var changed = ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);
        Assert.Equal(2, changed.Config.Routers.Count);
    }

    [Fact]
    public void Edit_WatchedFileToInvalidYaml_ReportsFailure()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);
        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: true, TestActor));
        ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);

        System.IO.File.WriteAllText(FilePath, "http:\n  routers: [a\n");

        var failed = ExpectMsg<ProviderConfigurationFailed>(ReportTimeout);
        Assert.Equal($"file:{FilePath}", Assert.Single(failed.Errors).Source);
    }

    [Fact]
    public void Rewrite_WatchedFileWithSameContent_NoNewReport()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);
        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: true, TestActor));
        ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);

        System.IO.File.WriteAllText(FilePath, OneRouter);

        // Several debounce intervals: a report, if any, would have arrived.
        ExpectNoMsg(TimeSpan.FromMilliseconds(800));
    }

    [Fact]
    public void Edit_UnwatchedFile_NoNewReport()
    {
        System.IO.File.WriteAllText(FilePath, OneRouter);
        Sys.ActorOf(FileProviderActor.Props(FilePath, watch: false, TestActor));
        ExpectMsg<ProviderConfigurationChanged>(ReportTimeout);

        System.IO.File.WriteAllText(FilePath, TwoRouters);

        ExpectNoMsg(TimeSpan.FromMilliseconds(800));
    }

    protected override void Dispose(bool disposing)
    {
        // Shut the actor system (and so the watchers) down before removing what they watch.
        base.Dispose(disposing);
        if (disposing)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
