using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ledger.Commitments.ClaimingDelivery;
using Ledger.Commitments.Making;
using Ledger.Commitments.Revising;
using Ledger.Deals.Amending;
using Ledger.Deals.RecordingAnnouncements;
using Ledger.Deals.Registering;
using Ledger.Measuring;
using Ledger.Measuring.Registering;
using Ledger.Observations.Moderating;
using Ledger.Observations.Submitting;
using Ledger.Sourcing;

namespace Ledger.Seeding;

/// <summary>
/// One sourced case, as a data file in <c>seeds/</c>. Each statement is the body the API's route for it takes, plus a
/// <c>key</c> (its id is derived from the case and the key, so loading twice adds nothing) and a <c>datePrecision</c>
/// (the source dates it only to a month or a year: its date is then the first day of that period).
/// </summary>
/// <param name="Units">Units the case's commitments need beyond the built-in ones: <c>POST /api/units</c> bodies,
/// registered before anything else, skipped when the code is already in the catalogue.</param>
public sealed record SeedFile(
    string? Case, string? Description, SeedDeal? Deal, IReadOnlyList<SeedAmendment?>? Amendments,
    IReadOnlyList<SeedAnnouncement?>? Announcements, IReadOnlyList<SeedCommitment?>? Commitments,
    IReadOnlyList<RegisterUnit?>? Units = null);

/// <summary>Every statement in a seed file: a key, a domain date, how precise that date is, and its sources.</summary>
public interface ISeedStatement
{
    string? Key { get; }
    DatePrecision? DatePrecision { get; }
    IReadOnlyList<SourceInput?>? Sources { get; }

    /// <summary>The JSON name and value of the statement's domain date (when it happened, according to its sources).</summary>
    (string Field, DateOnly? Value) DomainDate { get; }
}

public sealed record SeedDeal(
    string? Key, DatePrecision? DatePrecision, string? Title, IReadOnlyList<PartyInput?>? Parties, string? Summary, DateOnly? SignedOn,
    IReadOnlyList<SourceInput?>? Sources) : ISeedStatement
{
    public (string Field, DateOnly? Value) DomainDate => ("signedOn", SignedOn);
    public RegisterDeal ToRequest() => new(Title, Parties, Summary, SignedOn, Sources.WithPrecision(DatePrecision));
}

public sealed record SeedAmendment(
    string? Key, DatePrecision? DatePrecision, DateOnly? EffectiveOn, string? Summary, IReadOnlyList<SourceInput?>? Sources) : ISeedStatement
{
    public (string Field, DateOnly? Value) DomainDate => ("effectiveOn", EffectiveOn);
    public AmendDeal ToRequest() => new(EffectiveOn, Summary, Sources.WithPrecision(DatePrecision));
}

public sealed record SeedAnnouncement(
    string? Key, DatePrecision? DatePrecision, string? Speaker, string? SpeakerRole, DateOnly? MadeOn, string? Statement, string? Language,
    IReadOnlyList<SourceInput?>? Sources) : ISeedStatement
{
    public (string Field, DateOnly? Value) DomainDate => ("madeOn", MadeOn);
    public RecordAnnouncement ToRequest() => new(Speaker, SpeakerRole, MadeOn, Statement, Language, Sources.WithPrecision(DatePrecision));
}

public sealed record SeedCommitment(
    string? Key, DatePrecision? DatePrecision, string? Promisor, string? Beneficiary, string? Title, string? Category, TargetInput? Target,
    DateOnly? DueOn, bool? Binding, DateOnly? MadeOn, IReadOnlyList<SourceInput?>? Sources, IReadOnlyList<SeedRevision?>? Revisions,
    IReadOnlyList<SeedClaim?>? Claims, IReadOnlyList<SeedObservation?>? Observations, AlternativeInput? Alternative = null)
    : ISeedStatement
{
    public (string Field, DateOnly? Value) DomainDate => ("madeOn", MadeOn);
    public MakeCommitment ToRequest() =>
        new(Promisor, Beneficiary, Title, Category, Target, DueOn, Binding, MadeOn, Sources.WithPrecision(DatePrecision), Alternative);
}

/// <summary>A revision names the amendment it follows by that amendment's key in the same file.</summary>
public sealed record SeedRevision(
    string? Key, DatePrecision? DatePrecision, TargetInput? Target, DateOnly? DueOn, DateOnly? EffectiveOn, string? Reason, string? Amendment,
    IReadOnlyList<SourceInput?>? Sources) : ISeedStatement
{
    public (string Field, DateOnly? Value) DomainDate => ("effectiveOn", EffectiveOn);
    public ReviseCommitment ToRequest(Guid? amendmentId) =>
        new(Target, DueOn, EffectiveOn, Reason, amendmentId, Sources.WithPrecision(DatePrecision), ExpectedVersion: null);
}

public sealed record SeedClaim(
    string? Key, DatePrecision? DatePrecision, string? ClaimedBy, decimal? Amount, DateOnly? AsOf, IReadOnlyList<SourceInput?>? Sources)
    : ISeedStatement
{
    public (string Field, DateOnly? Value) DomainDate => ("asOf", AsOf);
    public ClaimDelivery ToRequest() => new(ClaimedBy, Amount, AsOf, Sources.WithPrecision(DatePrecision));
}

/// <summary>An observation by a named organization (registered by the loader when new), then moderated as the file says.</summary>
public sealed record SeedObservation(
    string? Key, DatePrecision? DatePrecision, string? Observer, DateOnly? ObservedOn, FindingInput? Finding, string? Narrative,
    string? Language, LocationInput? Location, IReadOnlyList<EvidenceInput?>? Evidence, IReadOnlyList<SourceInput?>? Sources,
    ModerateObservation? Moderation) : ISeedStatement
{
    public (string Field, DateOnly? Value) DomainDate => ("observedOn", ObservedOn);
    public SubmitObservation ToRequest() => new(ObservedOn, Finding, Narrative, Language, Location, Evidence, Sources.WithPrecision(DatePrecision));
}

/// <summary>Where in which file a seed is wrong, and why.</summary>
public sealed record SeedError(string File, string Path, string Reason)
{
    public override string ToString() => $"{File}: {Path}: {Reason}";
}

public static partial class SeedFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Reads a seed file's text; a syntax or type error comes back as the JSON path it was found at.</summary>
    public static (SeedFile? Seed, SeedError? Error) Parse(string file, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<SeedFile>(json, Json) is { } seed
                ? (seed, null)
                : (null, new SeedError(file, "$", "the file must hold a JSON object"));
        }
        catch (JsonException e)
        {
            var at = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            // The path of an unknown field already ends with its name.
            if (UnmappedMember().IsMatch(e.Message)) return (null, new SeedError(file, e.Path ?? "$", $"is not a field of a seed file{at}"));
            // The reader's own errors (bad syntax, a truncated file) come wrapped; a value that does not convert does not.
            var malformed = e.InnerException is JsonException || e.InnerException is null && e.Path is null or "$";
            return (null, new SeedError(file, e.Path ?? "$", malformed ? $"is not well-formed JSON{at}" : $"has the wrong type or format{at}"));
        }
    }

    /// <summary>The statement-level date precision travels on each of its sources, where the ledger keeps it.</summary>
    internal static IReadOnlyList<SourceInput?>? WithPrecision(this IReadOnlyList<SourceInput?>? sources, DatePrecision? precision) =>
        precision is null or Sourcing.DatePrecision.Day || sources is null
            ? sources
            : [.. sources.Select(s => s is null ? null : s with { DatePrecision = s.DatePrecision ?? precision })];

    internal static string Child(string path, string name) => path.EndsWith('.') ? path + name : $"{path}.{name}";

    [GeneratedRegex(@"The JSON property '[^']+' could not be mapped")]
    private static partial Regex UnmappedMember();
}
