using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;

namespace Ledger.Transparency.Log;

/// <summary>
/// The JSON paths of the <see cref="ProtectedAttribute"/> fields, as the event store's serializer writes them (camelCase,
/// dotted into nested records), in declaration order: the order in which the log seals them.
/// </summary>
public static class ProtectedPaths
{
    /// <summary>
    /// Event type alias → paths, for every type of the assembly that marks protected fields, except the records that
    /// are only parts of an event (held by another type's protected member, as <c>Location</c> is).
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> ByEventType(Assembly assembly)
    {
        var declaring = assembly.GetTypes().Where(t => Members(t).Any()).ToList();
        var parts = declaring.SelectMany(Members).Select(m => Held(m.PropertyType)).ToHashSet();
        return declaring.Where(t => !parts.Contains(t)).ToDictionary(t => t.GetEventTypeName(), t => Of(t).ToArray());
    }

    public static IEnumerable<string> Of(Type type, string prefix = "")
    {
        foreach (var member in Members(type))
        {
            var path = prefix + JsonName(member);
            var held = Held(member.PropertyType);
            if (Members(held).Any())
            {
                foreach (var inner in Of(held, path + ".")) yield return inner;
            }
            else if (ElementType(held) is { } element && Members(element).Any())
            {
                // A path names one value; sealing fields inside each element of an array would need a new path syntax.
                throw new NotSupportedException(
                    $"{type.Name}.{member.Name}: the log cannot seal fields inside array elements; protect the whole array.");
            }
            else yield return path;
        }
    }

    /// <summary>The protected properties, marked on the property itself or on a positional record's parameter.</summary>
    static IEnumerable<PropertyInfo> Members(Type type)
    {
        var markedParameters = type.GetConstructors().SelectMany(c => c.GetParameters())
            .Where(p => p.IsDefined(typeof(ProtectedAttribute))).Select(p => p.Name).ToHashSet();
        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(ProtectedAttribute)) || markedParameters.Contains(p.Name))
            .OrderBy(p => p.MetadataToken);
    }

    static Type Held(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    static Type? ElementType(Type type) =>
        type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type) ? null
        : type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
