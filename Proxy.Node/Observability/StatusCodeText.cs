namespace Proxy.Node.Observability;

/// <summary>Status codes as label text, made once: a label per request must not allocate a string.</summary>
public static class StatusCodeText
{
    private static readonly string[] Texts = Enumerable.Range(0, 600).Select(code => code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public static string Of(int code) =>
        (uint)code < (uint)Texts.Length ? Texts[code] : code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
