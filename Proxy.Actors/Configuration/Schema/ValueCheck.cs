namespace Proxy.Actors.Configuration.Schema;

/// <summary>
/// A check on a field's value, run by the validator on every value a provider gave (never on an
/// absent one). Returns nothing when the value is fine.
/// </summary>
public delegate IEnumerable<FieldProblem> ValueCheck<in TValue>(TValue value);
