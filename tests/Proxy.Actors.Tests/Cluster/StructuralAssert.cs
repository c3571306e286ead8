using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Xunit.Sdk;

namespace Proxy.Actors.Tests.Cluster;

/// <summary>
/// Compares two object graphs property by property. Record equality is not enough after a
/// round trip: ImmutableArray and ImmutableSortedDictionary compare by reference, so two
/// identical configs would never be equal. A failure names the path of the first difference.
/// A default ImmutableArray counts as empty, as it does on the wire.
/// </summary>
public static class StructuralAssert
{
    public static void Equal(object? expected, object? actual) => Compare(expected, actual, "$");

    private static void Compare(object? expected, object? actual, string path)
    {
        expected = Normalise(expected);
        actual = Normalise(actual);
        if (expected is null || actual is null)
        {
            if (!ReferenceEquals(expected, actual))
            {
                throw new XunitException($"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            }

            return;
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            throw new XunitException($"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        }

        // Time values are compared as values: walking their properties (DateTime.Date) never ends.
        if (expected is string or DateTimeOffset or DateTime or TimeSpan || type.IsPrimitive || type.IsEnum)
        {
            if (!expected.Equals(actual))
            {
                throw new XunitException($"{path}: expected {expected}, got {actual}");
            }

            return;
        }

        if (expected is IEnumerable expectedItems)
        {
            var left = expectedItems.Cast<object?>().ToList();
            var right = ((IEnumerable)actual).Cast<object?>().ToList();
            if (left.Count != right.Count)
            {
                throw new XunitException($"{path}: expected {left.Count} items, got {right.Count}");
            }

            for (var i = 0; i < left.Count; i++)
            {
                Compare(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }

    // A boxed default ImmutableArray throws when enumerated; treat it as the empty array it stands for.
    private static object? Normalise(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var type = value.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)
            && (bool)type.GetProperty(nameof(ImmutableArray<int>.IsDefault))!.GetValue(value)!)
        {
            return Array.Empty<object>();
        }

        return value;
    }
}
