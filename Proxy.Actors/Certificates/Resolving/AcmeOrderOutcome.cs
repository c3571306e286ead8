using Proxy.Actors.Certificates.Acme;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>How one order ended, told back to the ordering actor (PipeTo).</summary>
public abstract record AcmeOrderOutcome(AcmeDemand Demand);

/// <summary>The certificate is in the replicated state; <paramref name="Account"/> is set when the account was new.</summary>
public sealed record AcmeOrderSucceeded(AcmeDemand Demand, AcmeStoredCertificate Certificate, AcmeStoredAccount? Account) : AcmeOrderOutcome(Demand);

public sealed record AcmeOrderFailed(AcmeDemand Demand, AcmeProblem Problem, AcmeStoredAccount? Account) : AcmeOrderOutcome(Demand);
