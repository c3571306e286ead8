namespace Proxy.Actors.Configuration.Schema;

/// <summary>How an object-list or object-map field's value is built from, and taken apart into, boxed records.</summary>
internal sealed record CollectionShape(
    Func<IEnumerable<object>, object>? ListOf,
    Func<object, IEnumerable<object>>? ItemsOf,
    Func<IEnumerable<KeyValuePair<string, object>>, object>? MapOf,
    Func<object, IEnumerable<KeyValuePair<string, object>>>? EntriesOf);
