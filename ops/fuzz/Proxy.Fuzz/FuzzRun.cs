using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Proxy.Fuzz;

/// <summary>One input that failed: its number in the run, the input itself and what went wrong.</summary>
public sealed record FuzzFailure(long Index, string Input, string Problem)
{
    public override string ToString() => $"input #{Index} {Problem}: {FuzzRun.Show(Input)}";
}

/// <summary>What a run tried and found.</summary>
public sealed record FuzzReport(
    string Target,
    int Seed,
    long Inputs,
    TimeSpan Elapsed,
    TimeSpan Slowest,
    string SlowestInput,
    long Crashes,
    long Hangs,
    long Rejected,
    IReadOnlyList<FuzzFailure> Failures)
{
    public bool Passed => Failures.Count == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Target}: seed {Seed}, {Inputs} inputs in {Elapsed.TotalSeconds:F1} s, {Rejected} rejected with an error, {Crashes} crashes, {Hangs} hangs, slowest {Slowest.TotalMilliseconds:F1} ms")
        + string.Concat(Failures.Select(f => "\n  " + f));
}

/// <summary>
/// Runs generated inputs through a target, each bounded in time: the inputs go through on a
/// thread of their own, and a watchdog fails the run with the input in hand when one takes longer
/// than the bound (a hang cannot be interrupted, only reported: the thread is left behind as a
/// background thread). A target answers each input with <see cref="Outcome"/>; an exception out
/// of it is a crash, since every parser must turn bad input into an error of its own.
/// </summary>
public static class FuzzRun
{
    /// <summary>The bound on one input.</summary>
    public static readonly TimeSpan PerInput = TimeSpan.FromSeconds(1);

    /// <summary>What a target made of one input: accepted, rejected with an error, or a problem.</summary>
    public readonly record struct Outcome(bool Rejected, string? Problem)
    {
        public static Outcome Accepted { get; } = new(false, null);

        public static Outcome Error { get; } = new(true, null);

        public static Outcome Fail(string problem) => new(false, problem);
    }

    public static FuzzReport Run(
        string target,
        int seed,
        long count,
        TimeSpan duration,
        Func<Inputs.Mutator, string> next,
        Func<string, Outcome> check,
        TimeProvider? time = null,
        int maxFailures = 5)
    {
        time ??= TimeProvider.System;
        var mutator = new Inputs.Mutator(seed);
        var failures = new List<FuzzFailure>();
        long index = -1, crashes = 0, rejected = 0;
        long inputStarted = 0;
        string current = "";
        var slowest = TimeSpan.Zero;
        var slowestInput = "";
        var runStarted = time.GetTimestamp();
        var stop = false;

        var worker = new Thread(() =>
        {
            for (long i = 0; i < count && !Volatile.Read(ref stop) && time.GetElapsedTime(runStarted) < duration; i++)
            {
                var input = next(mutator);
                Volatile.Write(ref current, input);
                Volatile.Write(ref inputStarted, time.GetTimestamp());
                Volatile.Write(ref index, i);
                Outcome outcome;
                try
                {
                    outcome = check(input);
                }
                catch (Exception e)
                {
                    outcome = Outcome.Fail($"threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                    crashes++;
                }

                var took = time.GetElapsedTime(Volatile.Read(ref inputStarted));
                Volatile.Write(ref inputStarted, 0L);
                if (took > slowest)
                {
                    slowest = took;
                    slowestInput = input;
                }

                if (outcome.Rejected)
                {
                    rejected++;
                }

                if (outcome.Problem is { } problem)
                {
                    lock (failures)
                    {
                        failures.Add(new FuzzFailure(i, input, problem));
                        if (failures.Count >= maxFailures)
                        {
                            return;
                        }
                    }
                }
            }
        })
        {
            IsBackground = true,
            Name = $"fuzz-{target}",
        };
        worker.Start();

        long hangs = 0;
        while (!worker.Join(50))
        {
            var started = Volatile.Read(ref inputStarted);
            if (started != 0 && time.GetElapsedTime(started) > PerInput + PerInput)
            {
                // Twice the bound before calling it a hang: a GC pause or a loaded machine is not one.
                // The input is still running: report it and leave the thread behind.
                hangs++;
                Volatile.Write(ref stop, true);
                lock (failures)
                {
                    failures.Add(new FuzzFailure(Volatile.Read(ref index), Volatile.Read(ref current), $"still running after {PerInput.TotalSeconds * 2:F0} s (hang)"));
                }

                return Report();
            }
        }

        // Finished inputs over the bound (but under twice it) are slow enough to count as hangs too.
        if (slowest > PerInput)
        {
            hangs++;
            failures.Add(new FuzzFailure(-1, slowestInput, $"took {slowest.TotalMilliseconds:F0} ms, over the {PerInput.TotalSeconds:F0} s bound"));
        }

        return Report();

        FuzzReport Report() => new(target, seed, Volatile.Read(ref index) + 1, time.GetElapsedTime(runStarted), slowest, slowestInput, crashes, hangs, rejected, [.. failures]);
    }

    /// <summary>An input as a C# string literal, cut to 2,000 characters: control characters visible.</summary>
    public static string Show(string input)
    {
        var text = new StringBuilder("\"");
        foreach (var c in input.Length > 2000 ? input[..2000] : input)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        text.Append('"');
        return input.Length > 2000 ? $"{text} (+{input.Length - 2000} more characters, {input.Length} in all)" : text.ToString();
    }
}
