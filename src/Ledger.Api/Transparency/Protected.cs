namespace Ledger.Transparency;

/// <summary>
/// A field that may one day have to be erased to protect an observer: who observed (identity), where exactly (precise
/// location), the names of organizations (an observer's identity), credentials that must never be published. The
/// transparency log holds it only as a salted hash, so erasing it leaves the rest of the entry provable.
/// On a member whose record marks fields of its own (an event's <c>Location</c>), it protects those fields.
/// An event that carries such data must mark it before it is first logged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ProtectedAttribute : Attribute;
