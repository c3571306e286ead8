using System.Collections.Immutable;
using Proxy.Actors.Configuration.Schema;
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

    /// <summary>
    /// The errors in the order <paramref name="schema"/> declares the fields they concern, so that checks
    /// needing more than the value (an entry point that must exist) read as if declared with the rest.
    /// </summary>
    public ImmutableArray<ConfigError> InFieldOrder(IRecordSchema schema)
    {
        var prefix = objectPath + ".";
        return [.. _errors.OrderBy(error =>
        {
            var field = error.Path.StartsWith(prefix, StringComparison.Ordinal) ? error.Path[prefix.Length..].Split('.', '[')[0] : "";
            var index = schema.Fields.IndexOf(schema.Find(field)!);
            return index < 0 ? int.MaxValue : index;
        })];
    }

    /// <summary>Adds every problem the declared checks find in <paramref name="record"/>, under <paramref name="field"/> when given.</summary>
    public void Check(IRecordSchema schema, object record, string field = "")
    {
        foreach (var problem in SchemaValidation.Check(schema, record))
        {
            Add(field.Length == 0 ? problem.SubPath : $"{field}.{problem.SubPath}", problem.Message);
        }
    }
}
