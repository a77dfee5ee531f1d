using System.Globalization;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Ledger.Commitments;
using Ledger.Commitments.Facts;
using Ledger.Commitments.Status;
using Ledger.Deals;
using Ledger.Infrastructure;
using Ledger.Measuring;
using Ledger.Observations;

namespace Ledger.OpenData.Ocds;

/// <summary>
/// A deal as OCDS releases: one per public change, in the ledger's order, each holding only what that change touched
/// (merging them gives the whole: <see cref="OcdsMerge"/>). The deal is one contract of one award; its commitments
/// are the contract's milestones; the mapping is written down in docs/ocds.md.
/// </summary>
public static class DealReleases
{
    /// <param name="eventsInSequence">
    /// The deal's, its commitments' and its accepted observations' events, their data as the public may read it.
    /// </param>
    /// <param name="units">The catalogue that names the units (built-in ones only, if not given).</param>
    public static IReadOnlyList<JsonObject> Of(
        string ocid, IReadOnlyList<IEvent> eventsInSequence, UnitCatalogue? units = null)
    {
        var folding = new Folding(ocid, units ?? UnitCatalogue.BuiltIn);
        return [.. eventsInSequence.Select(folding.Release).OfType<JsonObject>()];
    }

    public static string Ocid(string prefix, Guid dealId) => $"{prefix}-{dealId}";

    /// <summary>OCDS dates are date-times: a day of the world is its midnight, UTC.</summary>
    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    public static string Date(DateTimeOffset moment) =>
        moment.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);

    /// <summary>Leaves out the fields without a value: in a release, a null would mean "remove it" to a merge.</summary>
    public static JsonObject Compact(this JsonObject o)
    {
        foreach (var empty in o.Where(p => p.Value is null).Select(p => p.Key).ToList()) o.Remove(empty);
        return o;
    }

    /// <summary>A party's id: its name, lower case, words joined by hyphens.</summary>
    public static string PartyId(string name) => string.Join('-',
        new string([.. name.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));

    sealed class Folding(string ocid, UnitCatalogue units)
    {
        DealRegistered? _deal;
        readonly Dictionary<string, PartyShown> _parties = [];
        readonly Dictionary<Guid, CommitmentMade> _made = [];
        readonly Dictionary<Guid, CommitmentFacts?> _facts = [];
        readonly Dictionary<Guid, ObservationSubmitted> _submissions = [];
        readonly Dictionary<string, string> _shownParties = [];
        string? _shownAward;
        bool _implementing;

        public JsonObject? Release(IEvent e)
        {
            var commitmentId = ReadingFacts.CommitmentIdOf(e);
            if (_facts.ContainsKey(commitmentId) || e.Data is CommitmentMade)
                _facts[commitmentId] = CommitmentFacts.Fold(_facts.GetValueOrDefault(commitmentId), e);
            switch (e.Data)
            {
                case DealRegistered d:
                    _deal = d;
                    foreach (var p in d.Parties) Party(p.Name, p.Kind, p.Country);
                    return Release(e, "contract", Contract(c =>
                    {
                        c["title"] = d.Title;
                        c["description"] = d.Summary;
                        c["status"] = d.SignedOn is null ? "pending" : "active";
                        c["dateSigned"] = d.SignedOn is { } signed ? Date(signed) : null;
                        c["documents"] = OcdsDocuments.Of(d.Sources);
                    }));
                case DealAmended a:
                    return Release(e, "contractAmendment", Contract(c =>
                    {
                        c["amendments"] = new JsonArray(Amendment(e, a.AmendmentId, a.EffectiveOn, a.Summary, null));
                        c["documents"] = OcdsDocuments.Of(a.Sources);
                    }));
                case AnnouncementRecorded a:
                    return Release(e, "contractUpdate", Contract(c =>
                        c["documents"] = OcdsDocuments.Of(a.Sources, OcdsDocuments.Announcement(a))));
                case CommitmentMade m:
                    _made[m.CommitmentId] = m;
                    Party(m.Promisor, null, null);
                    if (m.Beneficiary is { } beneficiary) Party(beneficiary, null, null);
                    return Release(e, "contractUpdate",
                        Milestone(e, m.CommitmentId, c => c["documents"] = OcdsDocuments.Of(m.Sources)));
                case CommitmentRevised r when _made.ContainsKey(r.CommitmentId):
                    return Release(e, "contractAmendment", Milestone(e, r.CommitmentId, c =>
                    {
                        c["amendments"] = new JsonArray(Amendment(e, r.RevisionId, r.EffectiveOn, Revised(r), r.Reason));
                        c["documents"] = OcdsDocuments.Of(r.Sources);
                    }));
                case CommitmentWithdrawn w when _made.ContainsKey(w.CommitmentId):
                    return Release(e, "contractUpdate",
                        Milestone(e, w.CommitmentId, c => c["documents"] = OcdsDocuments.Of(w.Sources)));
                case DeliveryClaimed c when _made.ContainsKey(c.CommitmentId):
                    return Release(e, Implementation(), Milestone(e, c.CommitmentId,
                        contract => contract["implementation"] = new JsonObject { ["documents"] = OcdsDocuments.Of(c.Sources) }));
                case DeadlinePassed d when _made.ContainsKey(d.CommitmentId):
                    return Release(e, Implementation(), Milestone(e, d.CommitmentId, _ => { }));
                case ObservationSubmitted s:
                    _submissions[s.ObservationId] = s; // public once accepted, and only then released
                    return null;
                case ObservationAccepted a
                    when _submissions.TryGetValue(a.ObservationId, out var s) && _made.ContainsKey(s.CommitmentId):
                    return Release(e, Implementation(), Milestone(e, s.CommitmentId, c => c["implementation"] = new JsonObject
                    {
                        ["observations"] = new JsonArray(OcdsObservations.Of(s)),
                        ["documents"] = OcdsDocuments.Of(s.Sources),
                    }));
                default:
                    return null; // curators granted, rejections, erasures: not about the deal's content
            }
        }

        string Implementation()
        {
            var tag = _implementing ? "implementationUpdate" : "implementation";
            _implementing = true;
            return tag;
        }

        JsonObject Release(IEvent e, string tag, JsonObject contract)
        {
            var release = new JsonObject
            {
                ["ocid"] = ocid, ["id"] = $"{ocid}-{e.Sequence}", ["date"] = Date(e.Timestamp), ["tag"] = new JsonArray(tag),
                ["initiationType"] = "tender", ["language"] = "en",
            };
            if (ChangedParties() is { Count: > 0 } parties) release["parties"] = parties;
            if (_deal is not null && e.Data is DealRegistered && Buyer() is { } buyer) release["buyer"] = buyer;
            if (ChangedAward() is { } award) release["awards"] = new JsonArray(award);
            release["contracts"] = new JsonArray(contract);
            return release;
        }

        JsonObject Contract(Action<JsonObject> fill)
        {
            var contract = new JsonObject { ["id"] = ContractId, ["awardID"] = ContractId };
            fill(contract);
            return contract.Compact();
        }

        string ContractId => _deal?.DealId.ToString() ?? ocid;

        JsonObject Milestone(IEvent e, Guid commitmentId, Action<JsonObject> fill) => Contract(c =>
        {
            var made = _made[commitmentId];
            var facts = _facts.GetValueOrDefault(commitmentId);
            var status = facts is null ? null
                : CommitmentStatus.Of(facts, DateOnly.FromDateTime(e.Timestamp.UtcDateTime), e.Timestamp);
            c["milestones"] = new JsonArray(OcdsMilestones.Of(made, status, PartyRef(made.Promisor), Date(e.Timestamp),
                made.Beneficiary is { } b ? PartyRef(b) : null, units));
            fill(c);
        });

        JsonObject Amendment(IEvent e, Guid id, DateOnly date, string description, string? rationale)
        {
            var amendment = new JsonObject
            {
                ["id"] = id.ToString(), ["date"] = Date(date), ["description"] = description,
                ["releaseID"] = $"{ocid}-{e.Sequence}",
            };
            if (rationale is not null) amendment["rationale"] = rationale;
            return amendment;
        }

        string Revised(CommitmentRevised r)
        {
            var title = _made[r.CommitmentId].Title;
            var changes = new[]
            {
                r.Target is { } t ? $"target {t.Amount.ToString(CultureInfo.InvariantCulture)} {t.Unit}" : null,
                r.DueOn is { } d ? $"due {d:yyyy-MM-dd}" : null,
            };
            return $"{title} revised: {string.Join("; ", changes.OfType<string>())}";
        }

        sealed record PartyShown(string Name, PartyKind? Kind, string? Country);

        void Party(string name, PartyKind? kind, string? country)
        {
            var id = PartyId(name);
            if (!_parties.ContainsKey(id)) _parties[id] = new PartyShown(name.Trim(), kind, country);
        }

        JsonObject PartyRef(string name) => new() { ["id"] = PartyId(name), ["name"] = _parties[PartyId(name)].Name };

        /// <summary>The first state among the deal's parties: whose resources or public goods the deal exchanges.</summary>
        string? BuyerId => _deal?.Parties.FirstOrDefault(p => p.Kind == PartyKind.State) is { } state ? PartyId(state.Name) : null;

        JsonObject? Buyer() => BuyerId is { } id ? PartyRef(_parties[id].Name) : null;

        IReadOnlyList<string> RolesOf(string id, PartyShown party)
        {
            var roles = new List<string>();
            if (id == BuyerId) roles.AddRange(["buyer", "procuringEntity"]);
            if (party.Kind == PartyKind.Company || _made.Values.Any(m => PartyId(m.Promisor) == id)) roles.Add("supplier");
            if (roles.Count == 0) roles.Add("interestedParty");
            return roles;
        }

        /// <summary>Parties that are new, or whose roles changed, since the last release.</summary>
        JsonArray ChangedParties()
        {
            var changed = new JsonArray();
            foreach (var (id, party) in _parties)
            {
                var shown = new JsonObject
                {
                    ["id"] = id, ["name"] = party.Name,
                    ["roles"] = new JsonArray([.. RolesOf(id, party).Select(r => JsonValue.Create(r))]),
                };
                if (party.Kind is { } kind)
                    shown["details"] = new JsonObject { ["kind"] = Names.Of(kind), ["country"] = party.Country }.Compact();
                var text = shown.ToJsonString();
                if (_shownParties.GetValueOrDefault(id) == text) continue;
                _shownParties[id] = text;
                changed.Add(shown);
            }
            return changed;
        }

        /// <summary>The award, when it is new or its suppliers changed: whoever delivers under the deal.</summary>
        JsonObject? ChangedAward()
        {
            if (_deal is null) return null;
            var suppliers = _parties.Where(p => RolesOf(p.Key, p.Value).Contains("supplier"))
                .Select(p => PartyRef(p.Value.Name));
            var award = new JsonObject
            {
                ["id"] = ContractId, ["title"] = _deal.Title, ["status"] = "active",
            };
            if (suppliers.ToList() is { Count: > 0 } named) award["suppliers"] = new JsonArray([.. named]);
            if (_deal.SignedOn is { } signed) award["date"] = Date(signed);
            var text = award.ToJsonString();
            if (_shownAward == text) return null;
            _shownAward = text;
            return award;
        }
    }
}
