using Akka.Actor;
using Akka.TestKit.Xunit2;
using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Certificates.Resolving;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.Resolving;

public sealed class ReplicatedChallengeResponderTests : TestKit
{
    private static readonly AcmeChallengeAnswer Answer = new("shop.acme.test", "http-01", "token-1", "token-1.thumbprint");

    [Fact]
    public async Task WithdrawAsync_StateRefusesTheWithdrawal_CompletesSoTheValidationResultStands()
    {
        var state = Sys.ActorOf(Props.Create(() => new RefusingWithdrawals()));
        var responder = new ReplicatedChallengeResponder(new AcmeStateWriter(state, TimeSpan.FromSeconds(5)));

        await responder.PublishAsync(Answer, CancellationToken.None);
        await responder.WithdrawAsync(Answer, CancellationToken.None);
    }

    [Fact]
    public async Task PublishAsync_StateRefuses_Throws()
    {
        var state = Sys.ActorOf(Props.Create(() => new RefusingWithdrawals(refusePublish: true)));
        var responder = new ReplicatedChallengeResponder(new AcmeStateWriter(state, TimeSpan.FromSeconds(5)));

        await Assert.ThrowsAsync<AcmeStateWriteException>(() => responder.PublishAsync(Answer, CancellationToken.None));
    }

    private sealed class RefusingWithdrawals : ReceiveActor
    {
        public RefusingWithdrawals(bool refusePublish = false)
        {
            Receive<PublishAcmeChallenge>(_ => Sender.Tell(refusePublish ? new AcmeStateWriteFailed("not every reachable member confirmed") : new AcmeStateWritten()));
            Receive<WithdrawAcmeChallenge>(_ => Sender.Tell(new AcmeStateWriteFailed("not every reachable member confirmed")));
        }
    }
}
