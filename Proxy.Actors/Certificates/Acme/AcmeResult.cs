using System.Diagnostics.CodeAnalysis;

namespace Proxy.Actors.Certificates.Acme;

/// <summary>What an ACME operation ended with: the resource, or the CA's problem.</summary>
public sealed record AcmeResult<T>
{
    private AcmeResult(T? value, AcmeProblem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public AcmeProblem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsSuccess => Problem is null;

    public static implicit operator AcmeResult<T>(T value) => new(value, null);

    public static implicit operator AcmeResult<T>(AcmeProblem problem) => new(default, problem);
}
