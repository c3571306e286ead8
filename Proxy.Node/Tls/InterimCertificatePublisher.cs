using Akka.Actor;
using Proxy.Actors.Tls;

namespace Proxy.Node.Tls;

/// <summary>
/// Publishes the file certificates of each validated configuration into the <see cref="CertificateCell"/>
/// so that the entry points serve them. Interim: the certificate store actor (file watching, ACME, the
/// certificates API) replaces it; the listener reads only the cell.
/// </summary>
internal sealed class InterimCertificatePublisher : ReceiveActor
{
    public InterimCertificatePublisher(CertificateCell cell, GeneratedDefaultCertificate generated, TimeProvider time)
    {
        var files = new CertificateFileReader();
        Receive<TlsConfigurationChanged>(changed =>
            cell.Publish(CertificateStore.Build(changed.Tls, files, time, generated) with { AlpnChallenges = cell.Current.AlpnChallenges }));
    }

    public static Props Props(CertificateCell cell, GeneratedDefaultCertificate generated, TimeProvider time) =>
        Proxy.Actors.ActorFactory.Props(() => new InterimCertificatePublisher(cell, generated, time));
}
