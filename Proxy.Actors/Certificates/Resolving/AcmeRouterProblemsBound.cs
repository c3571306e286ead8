using System.Collections.Immutable;
using System.Text;

namespace Proxy.Actors.Certificates.Resolving;

/// <summary>
/// Bounds the router problems the ordering singleton replicates (docs/acme.md, "Router errors"): one
/// register holds them all, and it must stay far under the transport's frame whatever the CA answered
/// or however many routers fail. Sorted, so the same problems always make the same value.
/// </summary>
public static class AcmeRouterProblemsBound
{
    /// <summary>The most problems replicated; the rest are counted in <see cref="AcmeRouterProblemsEntry.Omitted"/>.</summary>
    public const int MaxProblems = 64;

    /// <summary>The longest message replicated, in characters; a longer one is cut and says so.</summary>
    public const int MaxMessageChars = 1_000;

    /// <summary>The longest router name replicated, in characters (names come from labels: normally far shorter).</summary>
    public const int MaxRouterChars = 256;

    /// <summary>
    /// The most UTF-8 bytes of names and messages in one value, under <see cref="AcmeStateSettings.MaxKeyBytes"/>
    /// with room for the register's own fields; problems past it are omitted.
    /// </summary>
    public const int MaxBytes = 48_000;

    public static AcmeRouterProblemsEntry Of(string node, IEnumerable<AcmeRouterProblem> problems)
    {
        var sorted = problems
            .Select(p => new AcmeRouterProblem(Cut(p.Router, MaxRouterChars), Cut(p.Message, MaxMessageChars)))
            .Distinct()
            .OrderBy(p => p.Router, StringComparer.Ordinal)
            .ThenBy(p => p.Message, StringComparer.Ordinal)
            .ToList();
        var kept = ImmutableArray.CreateBuilder<AcmeRouterProblem>();
        var bytes = 0;
        foreach (var problem in sorted)
        {
            var size = Encoding.UTF8.GetByteCount(problem.Router) + Encoding.UTF8.GetByteCount(problem.Message);
            if (kept.Count == MaxProblems || bytes + size > MaxBytes)
            {
                break;
            }

            kept.Add(problem);
            bytes += size;
        }

        return new AcmeRouterProblemsEntry(node, kept.ToImmutable(), sorted.Count - kept.Count);
    }

    private static string Cut(string text, int limit) =>
        text.Length <= limit ? text : $"{text[..limit]}... (cut at {limit} characters)";
}
