using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Proxy.Actors.Configuration.Schema;
using Proxy.Actors.Model.Config;

namespace Proxy.Actors.Tls;

/// <summary>
/// Reads a <see cref="ServersTransportConfig"/>'s PEM files (every <c>rootCAs</c> file, every <c>certificates</c>
/// pair) and says what is wrong with them, each problem on its item (<c>rootCAs[1]</c>, <c>certificates[0].keyFile</c>)
/// and naming the file. The same reading as forwardAuth's <c>tls</c> (<see cref="ClientTlsFiles"/>).
/// </summary>
public static class ServersTransportFiles
{
    public static (ServersTransportMaterial? Material, ImmutableArray<FieldProblem> Problems) Load(ServersTransportConfig config) =>
        Load(config, new CertificateFileReader());

    public static (ServersTransportMaterial? Material, ImmutableArray<FieldProblem> Problems) Load(ServersTransportConfig config, ICertificateFileReader files)
    {
        var problems = ImmutableArray.CreateBuilder<FieldProblem>();
        X509Certificate2Collection? authorities = null;
        var rootCAs = config.RootCAs.IsDefault ? [] : config.RootCAs;
        for (var i = 0; i < rootCAs.Length; i++)
        {
            var option = $"rootCAs[{i}]";
            if (string.IsNullOrWhiteSpace(rootCAs[i]))
            {
                problems.Add(new FieldProblem(option, "is empty: give the path of a PEM file"));
                continue;
            }

            if (ClientTlsFiles.Read(files, option, rootCAs[i], problems) is not { } pem)
            {
                continue;
            }

            if (ClientTlsFiles.Certificates(pem) is not { Count: > 0 } found)
            {
                problems.Add(new FieldProblem(option, $"'{rootCAs[i]}' holds no PEM certificate (-----BEGIN CERTIFICATE-----)"));
                continue;
            }

            (authorities ??= []).AddRange(found);
        }

        var certificates = ImmutableArray.CreateBuilder<ClientCertificate>();
        var pairs = config.Certificates.IsDefault ? [] : config.Certificates;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(pairs[i].CertFile) || string.IsNullOrWhiteSpace(pairs[i].KeyFile))
            {
                continue; // the declaration reports the missing field
            }

            var intermediates = new X509Certificate2Collection();
            var certificate = ClientTlsFiles.ClientCertificate(
                files, pairs[i].CertFile!, pairs[i].KeyFile!, intermediates, problems, $"certificates[{i}].certFile", $"certificates[{i}].keyFile");
            if (certificate is not null)
            {
                certificates.Add(new ClientCertificate(certificate, intermediates));
            }
        }

        var material = new ServersTransportMaterial(authorities, certificates.ToImmutable());
        if (problems.Count == 0)
        {
            return (material, []);
        }

        material.Dispose();
        return (null, problems.ToImmutable());
    }
}
