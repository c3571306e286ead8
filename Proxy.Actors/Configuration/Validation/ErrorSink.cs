using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Actors.Configuration.Validation;

/// <summary>Collects every error of one object, each with the object's source and its field path.</summary>
internal sealed class ErrorSink(string source, string objectPath)
{
    private readonly ImmutableArray<ConfigError>.Builder _errors = ImmutableArray.CreateBuilder<ConfigError>();

    public bool HasErrors => _errors.Count > 0;

    public void Add(string field, string message) =>
        _errors.Add(new ConfigError(source, field.Length == 0 ? objectPath : $"{objectPath}.{field}", message));

    public ImmutableArray<ConfigError> ToImmutable() => _errors.ToImmutable();

    public TimeSpan Duration(string field, string? text, TimeSpan fallback, bool allowZero = false)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!Model.Duration.TryParse(text, out var value))
        {
            Add(field, $"'{text}' is not a duration (use e.g. 10s, 500ms, 1m)");
            return fallback;
        }

        if (value == TimeSpan.Zero && !allowZero)
        {
            Add(field, "must be greater than zero");
            return fallback;
        }

        return value;
    }
}
