using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Infrastructure.Validation;

namespace Ledger.Infrastructure.Http;

/// <summary>
/// How every JSON body is read: a value of the wrong type, a number sent as a string, a key sent twice, nesting deeper
/// than any request needs, text the ledger cannot store and a day outside its range are all refused, so each is a 400
/// naming its field (through <see cref="MalformedJsonProblems"/>) instead of a 500 or a silently different record.
/// </summary>
public static class StrictJson
{
    /// <summary>The deepest request nests five levels; this leaves room and stops a stack-exhausting body early.</summary>
    public const int MaxDepth = 16;

    /// <summary>How the API reads request bodies (and an import its lines): camelCase, kebab-case enums, strict.</summary>
    public static void ConfigureRequests(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        Apply(json);
    }

    public static void Apply(JsonSerializerOptions json)
    {
        json.NumberHandling = JsonNumberHandling.Strict;
        json.AllowDuplicateProperties = false;
        json.MaxDepth = MaxDepth;
        json.Converters.Add(new StorableStringConverter());
        // Enum.TryParse, under JsonStringEnumConverter, trims whitespace (U+0085 included): a name must be sent exactly.
        for (var i = 0; i < json.Converters.Count; i++)
            if (json.Converters[i] is JsonStringEnumConverter names) json.Converters[i] = new ExactEnumConverter(names);
        json.Converters.Add(new LedgerDateConverter());
    }

    // STJ adds the field's path only to a JsonException without a message, and Wolverine's 400 keeps only that message:
    // the reason travels beside it, in a box each request opens (the reader runs in a child flow of the request's).
    static readonly AsyncLocal<StrongBox<string?>?> Reason = new();

    /// <summary>Called as a request starts, so that a refusal while reading its body can say why.</summary>
    public static void BeginRequest() => Reason.Value = new StrongBox<string?>();

    /// <summary>Why the body being read was refused, when a rule of the ledger (not the JSON syntax) refused it.</summary>
    public static string? Refusal => Reason.Value?.Value;

    static JsonException Refused(string reason)
    {
        if (Reason.Value is { } box) box.Value = reason;
        return new JsonException();
    }

    sealed class StorableStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException();
            var text = reader.GetString()!;
            return StorableText.IsStorable(text) ? text : throw Refused(StorableText.Rule);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    sealed class ExactEnumConverter(JsonStringEnumConverter names) : JsonConverterFactory
    {
        public override bool CanConvert(Type type) => type.IsEnum;

        public override JsonConverter CreateConverter(Type type, JsonSerializerOptions options) => (JsonConverter)
            Activator.CreateInstance(typeof(Exact<>).MakeGenericType(type), names.CreateConverter(type, options))!;

        sealed class Exact<T>(JsonConverter inner) : JsonConverter<T> where T : struct, Enum
        {
            readonly JsonConverter<T> _inner = (JsonConverter<T>)inner;

            public override T Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
            {
                if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } name
                    && (name.Trim() != name || !StorableText.IsStorable(name)))
                    throw Refused("must be one of this field's values, exactly as listed");
                return _inner.Read(ref reader, type, options);
            }

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                _inner.Write(writer, value, options);
        }
    }

    sealed class LedgerDateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String
                && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out var day)
                && LedgerDates.InRange(day))
                return day;
            throw Refused(LedgerDates.Rule);
        }

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
