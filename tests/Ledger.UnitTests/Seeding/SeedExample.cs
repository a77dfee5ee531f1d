using System.Text.Json.Nodes;
using Ledger.Commitments;
using Ledger.Deals;
using Ledger.Observations;
using Ledger.Organizations;
using Ledger.Organizations.Keys;
using Ledger.Seeding;
using Ledger.UnitTests.Support;

namespace Ledger.UnitTests.Seeding;

/// <summary>A small seed file with one statement of every kind, and the means to plan it as the loader would.</summary>
static class SeedExample
{
    public const string File = "seeds/test-case.json";
    public const string Case = "test-case";
    public const string Auditor = "Example Audit Office";

    static readonly JsonObject Source = new()
    {
        ["url"] = "https://www.example.org/report", ["publisher"] = "example.org", ["publishedOn"] = "2023-02-20",
    };

    public static JsonObject Json() => new()
    {
        ["case"] = Case,
        ["deal"] = new JsonObject
        {
            ["key"] = "deal", ["title"] = "Roads for copper",
            ["parties"] = new JsonArray(
                new JsonObject { ["name"] = Given.Drc, ["kind"] = "state", ["country"] = "CD" },
                new JsonObject { ["name"] = Given.Sinohydro, ["kind"] = "company", ["country"] = "CN" }),
            ["summary"] = "Copper for roads.", ["signedOn"] = "2008-04-22", ["sources"] = Sources(),
        },
        ["amendments"] = new JsonArray(new JsonObject
        {
            ["key"] = "amendment-2009", ["datePrecision"] = "month", ["effectiveOn"] = "2009-10-01", ["summary"] = "Cut after the IMF review.",
            ["sources"] = Sources(),
        }),
        ["announcements"] = new JsonArray(new JsonObject
        {
            ["key"] = "speech", ["speaker"] = "Minister", ["speakerRole"] = "Minister of Mines", ["madeOn"] = "2009-11-02",
            ["statement"] = "We will build.", ["language"] = "en", ["sources"] = Sources(),
        }),
        ["commitments"] = new JsonArray(new JsonObject
        {
            ["key"] = "roads", ["promisor"] = Given.Sinohydro, ["beneficiary"] = Given.Drc, ["title"] = "Build 3,500 km of roads",
            ["category"] = "roads", ["target"] = new JsonObject { ["amount"] = 3500, ["unit"] = "km" }, ["dueOn"] = "2020-12-31",
            ["binding"] = true, ["madeOn"] = "2008-04-22", ["sources"] = Sources(),
            ["revisions"] = new JsonArray(new JsonObject
            {
                ["key"] = "cut-2009", ["datePrecision"] = "month", ["target"] = new JsonObject { ["amount"] = 2000, ["unit"] = "km" },
                ["effectiveOn"] = "2009-10-01", ["reason"] = "IMF review.", ["amendment"] = "amendment-2009", ["sources"] = Sources(),
            }),
            ["claims"] = new JsonArray(new JsonObject
            {
                ["key"] = "claim-2023", ["claimedBy"] = Given.Sinohydro, ["amount"] = 900, ["asOf"] = "2023-03-24", ["sources"] = Sources(),
            }),
            ["observations"] = new JsonArray(new JsonObject
            {
                ["key"] = "audit-2023", ["observer"] = Auditor, ["observedOn"] = "2023-02-16",
                ["finding"] = new JsonObject { ["assessment"] = "partially-delivered", ["amount"] = 600 },
                ["narrative"] = "Audit: 600 km.", ["language"] = "en", ["sources"] = Sources(),
                ["moderation"] = new JsonObject { ["decision"] = "accepted", ["reason"] = "A published audit." },
            }),
        }),
    };

    public static JsonArray Sources() => new(Source.DeepClone());

    public static readonly Guid AuditorId = SeedPlanner.OrganizationIdOf(Auditor);

    public static Caller ObserverOf(string name) => new(SeedPlanner.OrganizationIdOf(name), name, "seed", Role.Observer);

    public static SeedFile Read(JsonNode json)
    {
        var (seed, error) = SeedFiles.Parse(File, json.ToJsonString());
        Assert.True(error is null, error?.ToString());
        return seed!;
    }

    public static (SeedPlan? Plan, IReadOnlyList<SeedError> Errors) Plan(JsonNode json, LedgerState? state = null) =>
        SeedPlanner.Plan(File, Read(json), state ?? LedgerState.Empty, ObserverOf, new FixedClock(Given.Now));

    public static SeedPlan PlanOk(JsonNode json, LedgerState? state = null)
    {
        var (plan, errors) = Plan(json, state);
        Assert.True(errors.Count == 0, string.Join("; ", errors));
        return plan!;
    }

    /// <summary>What the ledger would hold after the plan's events, folded as the inline snapshots fold them.</summary>
    public static LedgerState After(SeedPlan plan, LedgerState? before = null)
    {
        var state = before ?? LedgerState.Empty;
        var deal = state.Deal;
        var commitments = new Dictionary<Guid, Commitment>(state.Commitments);
        var observations = new Dictionary<Guid, Observation>(state.Observations);
        foreach (var write in plan.Writes)
            foreach (var e in write.Events)
                switch (e)
                {
                    case DealRegistered r: deal = Deal.Create(r); break;
                    case DealAmended a: deal = deal!.Apply(a); break;
                    case AnnouncementRecorded a: deal = deal!.Apply(a); break;
                    case CommitmentMade m: commitments[m.CommitmentId] = Commitment.Create(m); break;
                    case CommitmentRevised r: commitments[r.CommitmentId] = commitments[r.CommitmentId].Apply(r); break;
                    case DeliveryClaimed c: commitments[c.CommitmentId] = commitments[c.CommitmentId].Apply(c); break;
                    case ObservationSubmitted s: observations[s.ObservationId] = Observation.Create(s); break;
                    case ObservationAccepted a: observations[a.ObservationId] = observations[a.ObservationId].Apply(a); break;
                    default: throw new InvalidOperationException($"unexpected {e.GetType().Name}");
                }
        return new LedgerState(deal, commitments, observations);
    }
}
