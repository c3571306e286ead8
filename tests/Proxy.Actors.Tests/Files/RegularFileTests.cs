using Proxy.Actors.Files;
using Xunit;

namespace Proxy.Actors.Tests.Files;

public sealed class RegularFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("regular-file-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task OpenRead_RegularFileBehindLinks_ReadAsASecretVolumeMountsIt()
    {
        // A Kubernetes secret volume: ca.pem -> ..data/ca.pem, ..data -> ..2025_01_01/ (a directory of regular files).
        var version = Directory.CreateDirectory(Path.Combine(_folder.FullName, "..2025_01_01"));
        await File.WriteAllTextAsync(Path.Combine(version.FullName, "ca.pem"), "pem text");
        File.CreateSymbolicLink(Path.Combine(_folder.FullName, "..data"), version.Name);
        var path = Path.Combine(_folder.FullName, "ca.pem");
        File.CreateSymbolicLink(path, Path.Combine("..data", "ca.pem"));

        using var file = RegularFile.OpenRead(path);
        using var reader = new StreamReader(file);

        Assert.Equal("pem text", await reader.ReadToEndAsync());
    }

    [Theory]
    [InlineData("fifo", "not a regular file (a FIFO)")]
    [InlineData("link to fifo", "not a regular file (a FIFO)")]
    [InlineData("/dev/zero", "not a regular file (a character device)")]
    [InlineData("/dev/null", "not a regular file (a character device)")]
    [InlineData("directory", "not a regular file (a directory)")]
    public async Task OpenRead_NotARegularFile_RefusedWithoutWaiting(string kind, string message)
    {
        var path = kind switch
        {
            "fifo" => await Fifo.MakeAsync(Path.Combine(_folder.FullName, "pipe")),
            "link to fifo" => File.CreateSymbolicLink(Path.Combine(_folder.FullName, "link"), await Fifo.MakeAsync(Path.Combine(_folder.FullName, "pipe"))).FullName,
            "directory" => _folder.FullName,
            _ => kind,
        };

        var error = await Assert.ThrowsAsync<IOException>(() => Fifo.WithinSecondsAsync(() => RegularFile.OpenRead(path)));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("missing.pem", typeof(FileNotFoundException))]
    [InlineData("gone/missing.pem", typeof(DirectoryNotFoundException))]
    public void OpenRead_Missing_TheExceptionsOfTheFileSystem(string name, Type expected)
    {
        var error = Assert.ThrowsAny<IOException>(() => RegularFile.OpenRead(Path.Combine(_folder.FullName, name)));

        Assert.IsType(expected, error);
    }
}
