using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using JasperFx.Events;

namespace Ledger.Transparency.Receipts;

/// <summary>
/// What every write answers with, <c>"receipt": {"sequence": n}</c>: the sequence PostgreSQL gave the appended event when it
/// committed, which is what a submitter later asks an inclusion proof for. The endpoint creates it before the commit, from the
/// event it appends; <see cref="ReceiptListener"/> fills in the sequence once the commit is done, before the response is written.
/// </summary>
[JsonConverter(typeof(ReceiptJson))]
public sealed partial class Receipt
{
    // Keyed by the appended event object itself: the listener finds the receipt from the event Marten committed.
    static readonly ConditionalWeakTable<object, Receipt> Pending = new();

    Receipt(Guid streamId, long version)
    {
        StreamId = streamId;
        Version = version;
    }

    public Guid StreamId { get; }
    public long Version { get; }
    public long? Sequence { get; private set; }

    /// <param name="event">The event object the endpoint appends (the very instance).</param>
    /// <param name="streamId">Its stream.</param>
    /// <param name="version">Its version in the stream, which the endpoint knows before the commit.</param>
    public static Receipt For(object @event, Guid streamId, long version)
    {
        var receipt = new Receipt(streamId, version);
        Pending.AddOrUpdate(@event, receipt);
        return receipt;
    }

    /// <summary>Appends <paramref name="event"/> to a stream fetched for writing and returns its receipt (its version is the next).</summary>
    public static Receipt AppendTo<T>(IEventStream<T> stream, object @event) where T : class
    {
        stream.AppendOne(@event);
        return For(@event, stream.Id, (stream.StartingVersion ?? 0) + 1);
    }

    internal static void Committed(IEnumerable<IEvent> events)
    {
        foreach (var e in events)
        {
            if (!Pending.TryGetValue(e.Data, out var receipt)) continue;
            receipt.Sequence = e.Sequence;
            Pending.Remove(e.Data);
        }
    }

    /// <summary>
    /// Before the commit the sequence is unknown, yet an idempotent write stores its response for replay just then (inside the
    /// same transaction). It is stored with this placeholder, which <see cref="ReceiptedDeduplicatedResponses"/> replaces in the
    /// same transaction with the sequence of the event at (stream, version).
    /// </summary>
    internal string Placeholder => $"pending:{StreamId:N}:{Version}";

    [GeneratedRegex("\"pending:(?<stream>[0-9a-f]{32}):(?<version>[0-9]+)\"")]
    internal static partial Regex PlaceholderPattern();

    sealed class ReceiptJson : JsonConverter<Receipt>
    {
        public override Receipt Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A receipt is only ever written");

        public override void Write(Utf8JsonWriter writer, Receipt value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            if (value.Sequence is { } sequence) writer.WriteNumber("sequence", sequence);
            else writer.WriteString("sequence", value.Placeholder);
            writer.WriteEndObject();
        }
    }
}
