using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Ledger.Transparency;
using Ledger.Transparency.Log;
using Weasel.Core;
using MartenSerializer = Marten.Services.SystemTextJsonSerializer;

namespace Ledger.UnitTests.Transparency;

/// <summary>The fields the log seals are declared on the events; the paths derived from them must name real JSON.</summary>
public class declaring_protected_fields
{
    static readonly Assembly Api = typeof(LogEntry).Assembly;

    // The table as it was written by hand before the declarations: entries already logged were sealed on these paths.
    static readonly Dictionary<string, string[]> TableBeforeDeclarations = new()
    {
        ["observation_submitted"] = ["organizationId", "organizationName", "location.lat", "location.lon"],
        ["organization_registered"] = ["name"],
        ["api_key_issued"] = ["organizationName", "secretSha256"],
        // Added with the event type itself: no entry of it was ever sealed otherwise.
        ["api_key_revoked"] = ["reason"],
    };

    // Paths added since: each names a field no event logged before it had, so those entries read as they were logged.
    static readonly Dictionary<string, string[]> AddedSince = new()
    {
        ["observation_submitted"] = ["sealed"],
        ["observation_accepted"] = ["publicNarrative"],
        ["observation_erased"] = ["reason"],
    };

    public static TheoryData<string> EventTypes() => [.. LogEntry.ProtectedFields.Keys];

    [Fact]
    public void the_derived_table_is_the_one_the_log_has_always_sealed_by_with_fields_added_only_after()
    {
        Assert.Equal(TableBeforeDeclarations.Keys.Union(AddedSince.Keys).Order(), LogEntry.ProtectedFields.Keys.Order());
        foreach (var type in LogEntry.ProtectedFields.Keys)
            Assert.Equal([.. TableBeforeDeclarations.GetValueOrDefault(type, []), .. AddedSince.GetValueOrDefault(type, [])],
                LogEntry.ProtectedFields[type]);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void every_declared_path_exists_in_the_event_as_the_event_store_serialises_it(string eventType)
    {
        var type = Assert.Single(Api.GetTypes(), t => t.GetEventTypeName() == eventType);
        var serializer = new MartenSerializer { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase };
        var json = JsonNode.Parse(serializer.ToJson(Sample(type)));

        foreach (var path in LogEntry.ProtectedFields[eventType])
        {
            var value = path.Split('.').Aggregate((JsonNode?)json, (node, name) => node?.AsObject()[name]);
            Assert.True(value is not null, $"{eventType}: no value at {path} in {json!.ToJsonString()}");
        }
    }

    [Fact]
    public void every_type_that_marks_protected_fields_is_a_logged_event_or_a_part_of_one()
    {
        var events = LogEntry.ProtectedFields.Keys.ToHashSet();
        var marking = Api.GetTypes().Where(t => Marks(t) && !events.Contains(t.GetEventTypeName()));

        Assert.Equal(["Location"], marking.Select(t => t.Name));
    }

    [Fact]
    public void fields_inside_array_elements_cannot_be_sealed_and_say_so_at_derivation() =>
        Assert.Throws<NotSupportedException>(() => ProtectedPaths.Of(typeof(WithProtectedList)).ToList());

    sealed record Part([Protected] string Secret);

    sealed record WithProtectedList([Protected] IReadOnlyList<Part> Parts);

    static bool Marks(Type type) =>
        type.GetProperties().Any(p => p.IsDefined(typeof(ProtectedAttribute)))
        || type.GetConstructors().SelectMany(c => c.GetParameters()).Any(p => p.IsDefined(typeof(ProtectedAttribute)));

    /// <summary>An instance with every member set, so that no protected field is left out of the JSON as null.</summary>
    static object Sample(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "sample";
        if (type == typeof(Guid)) return Guid.Parse("0197a000-0000-7000-8000-0000000000aa");
        if (type == typeof(DateOnly)) return new DateOnly(2026, 3, 1);
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero);
        if (type == typeof(bool)) return true;
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0)!;
        if (type.IsPrimitive || type == typeof(decimal)) return Convert.ChangeType(1.5, type);
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType()! : type.GetGenericArguments()[0];
            var array = Array.CreateInstance(element, 1);
            array.SetValue(Sample(element), 0);
            return array;
        }
        var constructor = type.GetConstructors().MaxBy(c => c.GetParameters().Length)
            ?? throw new InvalidOperationException($"No public constructor to make a sample {type.Name}");
        var sample = constructor.Invoke([.. constructor.GetParameters().Select(p => Sample(p.ParameterType))]);
        // Protected fields set after construction (init-only properties) are filled in too.
        foreach (var property in type.GetProperties().Where(p => p.IsDefined(typeof(ProtectedAttribute)) && p.CanWrite))
            property.SetValue(sample, Sample(property.PropertyType));
        return sample;
    }
}
