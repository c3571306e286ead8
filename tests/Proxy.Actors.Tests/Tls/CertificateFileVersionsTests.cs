using System.Collections.Immutable;
using Proxy.Actors.Tls;
using Xunit;

namespace Proxy.Actors.Tests.Tls;

public sealed class CertificateFileVersionsTests
{
    [Fact]
    public void Changed_ContentChangedAddedOrDropped_NamesEachPathOnce()
    {
        var before = ImmutableDictionary<string, string>.Empty.Add("/a", "1").Add("/b", "1").Add("/gone", "1");
        var now = ImmutableDictionary<string, string>.Empty.Add("/a", "1").Add("/b", "2").Add("/new", "1");

        Assert.Equal(new[] { "/b", "/gone", "/new" }, CertificateFileVersions.Changed(before, now).AsEnumerable());
        Assert.Empty(CertificateFileVersions.Changed(now, now));
    }

    [Fact]
    public void Read_FileRewrittenWithSameText_SameVersion()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "ca");
            var first = CertificateFileVersions.Read([path], new CertificateFileReader());
            File.WriteAllText(path, "ca");
            Assert.Empty(CertificateFileVersions.Changed(first, CertificateFileVersions.Read([path], new CertificateFileReader())));
            File.WriteAllText(path, "rotated");
            Assert.Equal(new[] { path }, CertificateFileVersions.Changed(first, CertificateFileVersions.Read([path], new CertificateFileReader())).AsEnumerable());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
