namespace Proxy.Actors.Configuration.Schema;

/// <summary>How scalar kinds are read from text and named in errors, the same for every provider.</summary>
public static class ScalarValues
{
    /// <summary>The spellings Go's <c>strconv.ParseBool</c> accepts, since that is what Traefik uses.</summary>
    public static bool? Bool(string? text) => text switch
    {
        "true" or "True" or "TRUE" or "t" or "T" or "1" => true,
        "false" or "False" or "FALSE" or "f" or "F" or "0" => false,
        _ => null,
    };

    /// <summary>What an error says was expected for a value of <paramref name="kind"/>.</summary>
    public static string Expected(FieldKind kind) => kind switch
    {
        FieldKind.Int or FieldKind.Long => "an integer",
        FieldKind.Bool => "true or false",
        FieldKind.StringList => "a list",
        FieldKind.StringMap or FieldKind.Object or FieldKind.ObjectMap => "a mapping",
        FieldKind.ObjectList => "a list",
        _ => "a string",
    };
}
