using Proxy.Actors.Certificates;
using Proxy.Actors.Certificates.Acme;
using Xunit;

namespace Proxy.Actors.Tests.Certificates.State;

public sealed class AcmeHttpChallengesTests
{
    private static readonly AcmeHttpChallenges Challenges = AcmeHttpChallenges.Of(
        true,
        [
            new AcmeChallengeAnswer("shop.example.com", AcmeChallenge.Http01, "tok", "tok.a"),
            new AcmeChallengeAnswer("www.example.com", AcmeChallenge.Http01, "tok", "tok.b"),
            new AcmeChallengeAnswer("alpn.example.com", AcmeChallenge.TlsAlpn01, "alpn", "alpn.c"),
        ]);

    public static TheoryData<string, string, string?> Requests() => new()
    {
        { "tok", "shop.example.com", "tok.a" },
        { "tok", "WWW.Example.com", "tok.b" },
        { "tok", "other.example.com", null },
        { "TOK", "shop.example.com", null },
        { "alpn", "alpn.example.com", null },
        { "", "shop.example.com", null },
        { "../../etc/passwd", "shop.example.com", null },
        { new string('t', AcmeHttpChallenges.MaxTokenLength + 1), "shop.example.com", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void TryAnswer_TokenAndHost_TheAnswerPublishedForBothOrNone(string token, string host, string? expected)
    {
        var found = Challenges.TryAnswer(token, host, out var keyAuthorization);

        Assert.Equal(expected is not null, found);
        Assert.Equal(expected ?? "", keyAuthorization);
    }

    [Fact]
    public void Of_HttpAnswersOnly_CountsTokens()
    {
        Assert.Equal(1, Challenges.Count);
        Assert.False(AcmeHttpChallenges.Inactive.Active);
    }
}
