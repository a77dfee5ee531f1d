using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Hosting;

namespace Ledger.Api.Tests.Observations;

/// <summary>An observer named only by their organization's pseudonym; a narrative a curator publishes redacted.</summary>
[Collection(ObservationsCollection.Name)]
public sealed class pseudonyms_and_redaction(LedgerApi api)
{
    static object Report(string narrative, string? observer = null, string? contact = null) => new
    {
        observedOn = "2024-03-01", finding = new { assessment = "partially-delivered", amount = 100 }, narrative,
        language = "fr", observer, contact,
    };

    [Fact]
    public async Task a_pseudonym_stays_with_the_key_that_first_used_it_within_its_organization()
    {
        var (_, commitmentId) = await api.DealWithCommitment();
        var organization = await api.RegisterOrganization("Pseudonyms");
        var (first, _) = await api.IssueKey(organization, "observer");
        var (second, _) = await api.IssueKey(organization, "observer");
        var elsewhere = await api.ClientWithRole("observer");
        var name = $"Marcheur {Guid.NewGuid().ToString("N")[..5]}";

        var id = await api.SubmitObservation(api.WithKey(first), commitmentId, Report("Paved.", name));
        await api.SubmitObservation(api.WithKey(first), commitmentId, Report("Paved again.", name.ToUpperInvariant()));
        await api.WithKey(second).Post($"/api/commitments/{commitmentId}/observations", Report("Also paved.", $" {name} "),
            Guid.NewGuid().ToString()).ExpectProblem(HttpStatusCode.BadRequest, "observer");
        await api.SubmitObservation(elsewhere, commitmentId, Report("Seen too.", name)); // another organization's own name

        var shown = await api.WithKey(first).GetAsync($"/api/observations/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(name, shown.GetProperty("observer").GetString());
        await api.WithKey(first).Post($"/api/commitments/{commitmentId}/observations",
                Report("Paved.", "me@example.org", contact: "call me"), Guid.NewGuid().ToString())
            .ExpectProblem(HttpStatusCode.BadRequest, "observer", "contact");
    }

    [Fact]
    public async Task a_flagged_narrative_is_published_withheld_or_as_the_curator_redacted_it()
    {
        var (dealId, commitmentId) = await api.DealWithCommitment();
        var (observer, ownCurator) = await api.OneOrganization();
        var curator = await api.CuratorOf(dealId);
        const string narrative = "Paved to km 40. Reach me on +243 81 234 5678.";
        var redacted = await api.SubmitObservation(observer, commitmentId, Report(narrative));
        var masked = await api.SubmitObservation(observer, commitmentId, Report(narrative));

        var queued = await curator.GetAsync($"/api/observations/{redacted}").Expect(HttpStatusCode.OK);
        Assert.Equal(narrative, queued.GetProperty("narrative").GetString()); // the moderator reads it as submitted
        Assert.Equal(["phone"], queued.GetProperty("narrativeFlags").EnumerateArray().Select(f => f.GetString()));
        await curator.Post($"/api/observations/{redacted}/moderation",
            new { decision = "rejected", reason = "No", publicNarrative = "x" }).ExpectProblem(HttpStatusCode.BadRequest, "publicNarrative");
        await curator.Post($"/api/observations/{redacted}/moderation",
            new { decision = "accepted", publicNarrative = "Paved to km 40." }).Expect(HttpStatusCode.OK);
        await curator.Post($"/api/observations/{masked}/moderation", new { decision = "accepted" }).Expect(HttpStatusCode.OK);

        var published = await api.Anonymous().GetAsync($"/api/observations/{redacted}").Expect(HttpStatusCode.OK);
        Assert.Equal("Paved to km 40.", published.GetProperty("narrative").GetString());
        Assert.Empty(published.GetProperty("narrativeFlags").EnumerateArray());
        Assert.False(published.TryGetProperty("publicNarrative", out _));
        var withheld = await api.Anonymous().GetAsync($"/api/observations/{masked}").Expect(HttpStatusCode.OK);
        Assert.Equal("Paved to km 40. Reach me on [phone withheld].", withheld.GetProperty("narrative").GetString());
        var own = await ownCurator.GetAsync($"/api/observations/{redacted}").Expect(HttpStatusCode.OK);
        Assert.Equal((narrative, "Paved to km 40."),
            (own.GetProperty("narrative").GetString(), own.GetProperty("publicNarrative").GetString()));

        var page = await api.Anonymous().GetStringAsync($"/commitments/{commitmentId}");
        Assert.DoesNotContain("234 5678", page);
        Assert.Contains("[phone withheld]", page);
        var history = await api.Anonymous().GetAsync($"/api/commitments/{commitmentId}/history").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("234 5678", history.GetRawText());
        Assert.All(history.EnumerateArray().Where(e => e.GetProperty("type").GetString() == "observation_accepted"),
            e => Assert.False(e.GetProperty("data").TryGetProperty("publicNarrative", out _)));
        Assert.Equal(JsonValueKind.Array, history.ValueKind);
    }
}
