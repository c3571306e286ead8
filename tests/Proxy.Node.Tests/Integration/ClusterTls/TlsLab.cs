using System.Net;
using System.Text.Json;
using Proxy.Node.Cli;

namespace Proxy.Node.Tests.Integration.ClusterTls;

/// <summary>
/// A temporary directory of cluster CAs and node certificates made by the real
/// <c>proxy-node cluster tls init|issue</c> code, and the node processes started with them.
/// </summary>
internal sealed class TlsLab : IDisposable
{
    private readonly List<LabNode> _nodes = [];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("proxy-it-tls-").FullName;

    /// <summary>Makes CA <paramref name="ca"/> (a subdirectory) and certificates for <paramref name="nodes"/>.</summary>
    public async Task CaAsync(string ca, params string[] nodes)
    {
        var dir = Path.Combine(Directory, ca);
        if (!File.Exists(Path.Combine(dir, "ca.crt")))
        {
            Assert.Equal(0, await ClusterTlsCommand.RunAsync(["cluster", "tls", "init", dir], TextWriter.Null, TextWriter.Null));
        }

        foreach (var node in nodes)
        {
            Assert.Equal(0, await ClusterTlsCommand.RunAsync(["cluster", "tls", "issue", dir, node], TextWriter.Null, TextWriter.Null));
        }
    }

    /// <summary>Makes CA <paramref name="ca"/> valid since <paramref name="since"/>, so that it can sign certificates that have already expired.</summary>
    public void CaSince(string ca, DateTimeOffset since)
    {
        var dir = Path.Combine(Directory, ca);
        System.IO.Directory.CreateDirectory(dir);
        using var certificate = Proxy.Node.ClusterTls.ClusterCertificateAuthority.CreateCa(new Proxy.Node.Tests.ClusterTls.FixedTime(since), TimeSpan.FromDays(3650));
        Proxy.Node.ClusterTls.ClusterTlsFiles.Write(dir, "ca.crt", "ca.key", certificate);
    }

    /// <summary>The three flags for <paramref name="node"/>'s certificate from <paramref name="ca"/>, trusting the CA files <paramref name="trusted"/> (default: that CA).</summary>
    public string[] Flags(string ca, string node, string? trustedCaFile = null) =>
    [
        $"--cluster.tls.certfile={Path.Combine(Directory, ca, node + ".crt")}",
        $"--cluster.tls.keyfile={Path.Combine(Directory, ca, node + ".key")}",
        $"--cluster.tls.cafile={trustedCaFile ?? Path.Combine(Directory, ca, "ca.crt")}",
    ];

    /// <summary>Writes one file of both CAs' certificates, as during a CA rotation.</summary>
    public string BundleOf(params string[] cas)
    {
        var path = Path.Combine(Directory, string.Join('+', cas) + ".crt");
        File.WriteAllText(path, string.Concat(cas.Select(ca => File.ReadAllText(Path.Combine(Directory, ca, "ca.crt")))));
        return path;
    }

    /// <summary>Starts a node whose cluster transport is on <paramref name="host"/>:<paramref name="port"/>, with its API on a free loopback port.</summary>
    public LabNode Start(string host, int port, string seed, IEnumerable<string> flags)
    {
        var apiPort = FreePort.Next();
        var webPort = FreePort.Next();
        var process = NodeProcess.Start(
        [
            $"--entrypoints.web.address=127.0.0.1:{webPort}",
            $"--api.address=127.0.0.1:{apiPort}",
            $"--cluster.hostname={host}",
            $"--cluster.port={port}",
            $"--cluster.seeds={seed}",
            .. flags,
        ]);
        var node = new LabNode(process, TestNode.NewClient(new Uri($"http://127.0.0.1:{apiPort}")), TestNode.NewClient(new Uri($"http://127.0.0.1:{webPort}")));
        _nodes.Add(node);
        return node;
    }

    /// <summary>The members' addresses a node's /cluster/members lists, or none while its API is not up.</summary>
    public static async Task<IReadOnlyList<string>> MembersAsync(HttpClient api, bool upOnly = false)
    {
        try
        {
            using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
            return document.RootElement.GetProperty("members").EnumerateArray()
                .Where(m => !upOnly || m.GetProperty("status").GetString() == "Up")
                .Select(m => m.GetProperty("node").GetString()!)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    public static async Task<string> SecurityAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        var transport = document.RootElement.GetProperty("transport");
        return $"{transport.GetProperty("protocol").GetString()} {transport.GetProperty("security").GetString()}";
    }

    public static async Task<bool> ServesAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Api.Dispose();
            node.Web.Dispose();
            node.Process.Dispose();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

/// <summary>A node process of the lab with clients of its API and its web entry point.</summary>
internal sealed record LabNode(NodeProcess Process, HttpClient Api, HttpClient Web);
