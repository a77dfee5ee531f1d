namespace Ledger.Infrastructure.OpenApi;

/// <summary>
/// A query or path parameter the route reads as a whole number from <paramref name="min"/> to <paramref name="max"/>,
/// declared so in the OpenAPI document (the route's own check, not this attribute, refuses a value outside it).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class WholeNumberAttribute(string name, long min, long max) : Attribute
{
    public string Name => name;
    public long Min => min;
    public long Max => max;

    /// <summary>The value taken when the parameter is absent; <see cref="long.MinValue"/> when there is none to state.</summary>
    public long Default { get; init; } = long.MinValue;

    public bool Required { get; init; }
}

/// <summary>A query parameter that takes one of a closed list of values, declared as an enum in the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public class QueryValuesAttribute(string name, params string[] values) : Attribute
{
    public string Name => name;
    public IReadOnlyList<string> Values => values;
}

/// <summary>A query parameter that takes one of <typeparamref name="T"/>'s values, spelt as the API spells them.</summary>
public sealed class QueryValuesAttribute<T>(string name)
    : QueryValuesAttribute(name, [.. Enum.GetValues<T>().Select(v => Names.Of(v))]) where T : struct, Enum;

/// <summary>The route reads its body itself, as NDJSON: one JSON write per line (<c>request-examples.json</c> has an example).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportsLinesAttribute : Attribute;

/// <summary>The route reads its body itself, as multipart/form-data with one file in <paramref name="formField"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadsFileAttribute(string formField) : Attribute
{
    public string Field => formField;
}
