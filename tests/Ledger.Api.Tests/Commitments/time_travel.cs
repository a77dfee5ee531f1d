using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Commitments;

/// <summary>asOf: the world on a day. knownAt: the ledger's knowledge at an instant. Separately and together.</summary>
[Collection(AnalyticsCollection.Name)]
public sealed class time_travel(LedgerApi api)
{
    async Task<List<JsonElement>> History(string commitmentId) =>
        [.. (await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK)).EnumerateArray()];

    static string Instant(JsonElement entry, double addMilliseconds = 0) =>
        Uri.EscapeDataString(entry.GetProperty("recordedAt").GetDateTimeOffset().AddMilliseconds(addMilliseconds).ToString("O"));

    [Fact]
    public async Task a_revision_recorded_late_changes_the_past_only_as_known_after_it_was_recorded()
    {
        var (_, id) = await api.DealWithCommitment(Scenarios.Commitment(amount: 3000, dueOn: null));
        await api.Admin().Post($"/api/commitments/{id}/revisions", new
        {
            target = new { amount = 2000, unit = "km" }, effectiveOn = "2009-10-01", reason = "IMF review", sources = new[] { Scenarios.Source() },
        }).Expect(HttpStatusCode.Created);
        var made = (await History(id))[0];

        // As the world was in 2010 (revision effective 2009), as the ledger knows it now:
        var now = await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2010-01-01").Expect(HttpStatusCode.OK);
        Assert.Equal(2000m, now.GetProperty("target").GetDecimal());
        Assert.Equal(1, now.GetProperty("revisions").GetInt32());
        // ... and as the ledger knew it before the revision was recorded:
        var then = await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2010-01-01&knownAt={Instant(made, 1)}").Expect(HttpStatusCode.OK);
        Assert.Equal(3000m, then.GetProperty("target").GetDecimal());
        Assert.Equal(0, then.GetProperty("revisions").GetInt32());
        Assert.Equal(1, then.GetProperty("version").GetInt64());
        // Before the revision took effect, whatever is known:
        var early = await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2009-01-01").Expect(HttpStatusCode.OK);
        Assert.Equal(3000m, early.GetProperty("target").GetDecimal());
        Assert.Equal(3000m, early.GetProperty("originalTarget").GetDecimal());
    }

    [Fact]
    public async Task an_observation_recorded_years_after_it_was_made_counts_for_its_date_but_not_before_it_was_known()
    {
        var (_, id) = await api.DealWithCommitment(Scenarios.Commitment(amount: 3_000_000_000, unit: "USD", dueOn: null));
        var observer = await api.ClientWithRole("observer");
        var audit = await api.SubmitObservation(observer, id, new
        {
            observedOn = "2023-02-16", finding = new { assessment = "partially-delivered", amount = 822_000_000 }, narrative = "IGF", language = "fr",
        });
        await api.Admin().Post($"/api/observations/{audit}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);
        var history = await History(id);
        var submitted = history.Single(e => e.GetProperty("type").GetString() == "observation_submitted");

        var asOf2023 = await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2023-06-01").Expect(HttpStatusCode.OK);
        Assert.Equal(822_000_000m, asOf2023.GetProperty("verified").GetDecimal());
        Assert.Equal("2023-02-16", asOf2023.GetProperty("lastObservedOn").GetString());

        var asOf2022 = await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2022-12-31").Expect(HttpStatusCode.OK);
        Assert.Equal(0m, asOf2022.GetProperty("verified").GetDecimal());

        // Known as submitted but not yet accepted: pending, not verified.
        var pending = await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2023-06-01&knownAt={Instant(submitted, 1)}").Expect(HttpStatusCode.OK);
        Assert.Equal(0m, pending.GetProperty("verified").GetDecimal());
        Assert.Equal(1, pending.GetProperty("observations").GetProperty("pending").GetInt32());
        Assert.Equal(0, pending.GetProperty("observations").GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task a_commitment_not_yet_recorded_or_not_yet_made_is_404_and_bad_instants_are_400()
    {
        var (_, id) = await api.DealWithCommitment();
        var notYet = await api.Anonymous().GetAsync($"/api/commitments/{id}?knownAt=2020-01-01T00:00:00Z").ExpectProblem(HttpStatusCode.NotFound);
        Assert.Contains("not been recorded", notYet.GetProperty("detail").GetString());
        await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2001-01-01").ExpectProblem(HttpStatusCode.NotFound);

        await api.Anonymous().GetAsync($"/api/commitments/{id}?knownAt=2024-06-01").ExpectProblem(HttpStatusCode.BadRequest, "knownAt");
        await api.Anonymous().GetAsync($"/api/commitments/{id}?asOf=2024-13-01").ExpectProblem(HttpStatusCode.BadRequest, "asOf");
        // An offset's '+' sent unencoded arrives as a space and is still understood.
        await api.Anonymous().GetAsync($"/api/commitments/{id}?knownAt=2999-01-01T00:00:00+02:00").Expect(HttpStatusCode.OK);
    }
}
