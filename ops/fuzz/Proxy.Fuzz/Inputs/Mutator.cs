using System.Text;

namespace Proxy.Fuzz.Inputs;

/// <summary>
/// Structure-aware mutation of valid inputs, from a seeded <see cref="Random"/> so a run is
/// reproducible from its seed: input n of seed s is the same on every machine. Each mutation keeps
/// most of a valid input and breaks one thing the way hostile or careless input does: truncation,
/// flipped bytes, inserted delimiters, repeated fragments (nesting, huge lengths), control
/// characters, invalid UTF-16.
/// </summary>
public sealed class Mutator(int seed)
{
    private readonly Random _random = new(seed);

    public Random Random => _random;

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public bool Chance(int percent) => _random.Next(100) < percent;

    /// <summary>
    /// A seed with 0 to 4 mutations. <paramref name="delimiters"/> are the characters and tokens of
    /// the input's grammar (quotes, brackets, operators), inserted where they break its structure;
    /// <paramref name="fragments"/> are pieces of valid input, repeated to nest deep or grow long.
    /// </summary>
    public string Mutate(string seed, IReadOnlyList<string> delimiters, IReadOnlyList<string> fragments, int maxRepeat)
    {
        var text = new StringBuilder(seed);
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            var at = _random.Next(text.Length + 1);
            switch (_random.Next(10))
            {
                case 0:
                    text.Length = at;
                    break;
                case 1:
                    if (text.Length > 0)
                    {
                        var index = Math.Min(at, text.Length - 1);
                        text[index] = (char)(text[index] ^ (1 << _random.Next(8)));
                    }

                    break;
                case 2:
                case 3:
                    text.Insert(at, Pick(delimiters));
                    break;
                case 4:
                    text.Insert(at, ControlCharacter());
                    break;
                case 5:
                    if (text.Length > 0)
                    {
                        text.Remove(Math.Min(at, text.Length - 1), 1 + _random.Next(Math.Min(8, text.Length - Math.Min(at, text.Length - 1))));
                    }

                    break;
                case 6:
                    // Log-uniform: mostly a few repeats, now and then the maximum.
                    text.Insert(at, Repeat(Pick(fragments), (int)Math.Min(maxRepeat, Math.Pow(maxRepeat, _random.NextDouble()) + 1)));
                    break;
                case 7:
                    text.Insert(at, Pick(fragments));
                    break;
                case 8:
                    // A lone surrogate: invalid UTF-16, which becomes invalid UTF-8 on the wire.
                    text.Insert(at, _random.Next(2) == 0 ? '\uD800' : '\uDFFF');
                    break;
                default:
                    text.Insert(at, (char)_random.Next(0x20, 0x3000));
                    break;
            }
        }

        return text.ToString();
    }

    public string ControlCharacter() => _random.Next(6) switch
    {
        0 => "\n",
        1 => "\r\n",
        2 => "\0",
        3 => "\u2028",
        4 => "\u001b[2J",
        _ => ((char)_random.Next(0x20)).ToString(),
    };

    public static string Repeat(string fragment, int times)
    {
        var text = new StringBuilder(fragment.Length * times);
        for (var i = 0; i < times; i++)
        {
            text.Append(fragment);
        }

        return text.ToString();
    }
}
