using System.Globalization;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Validation;
using Ledger.Observations;
using Ledger.Observations.Submitting;
using Ledger.TimeTravel;
using Ledger.Web.Layout;
using Ledger.Web.Localisation;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Commitments;

/// <summary>
/// The observation form as typed: kept as text so that it is re-rendered exactly as the observer left it. It becomes the
/// REST route's <see cref="SubmitObservation"/> command, validated and decided by the same functions.
/// </summary>
public sealed record ObservationForm(
    string IdempotencyKey, string ObservedOn, string Assessment, string Amount, string Place, string Narrative, string Language,
    string EvidenceUrl, string EvidenceSha256, string EvidenceMediaType, string EvidenceTitle)
{
    public static ObservationForm New(Language t, DateOnly today) =>
        new(Guid.NewGuid().ToString("N"), today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "", "", "", "", t.Code, "", "", "", "");

    public static ObservationForm From(IFormCollection form)
    {
        string F(string name) => form[name].ToString();
        return new(F("idempotencyKey"), F("observedOn"), F("assessment"), F("amount"), F("place"), F("narrative"), F("language"),
            F("evidenceUrl"), F("evidenceSha256"), F("evidenceMediaType"), F("evidenceTitle"));
    }

    /// <summary>
    /// The request, and what could not even be read as the right type (a date, a number), keyed as the REST route keys it.
    /// </summary>
    public (SubmitObservation Request, FieldErrors Unreadable) ToRequest(Language t)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(IdempotencyKey) || IdempotencyKey.Length > 100)
            errors.Add("form", "this form has expired: reload the page");

        DateOnly? observedOn = null;
        if (DateOnly.TryParseExact(ObservedOn.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            observedOn = day;
        else if (!string.IsNullOrWhiteSpace(ObservedOn)) errors.Add("observedOn", "must be a date as YYYY-MM-DD");

        decimal? amount = null;
        if (!string.IsNullOrWhiteSpace(Amount))
        {
            var text = Amount.Trim().Replace(" ", "").Replace("\u202f", "").Replace("\u00a0", "");
            if (decimal.TryParse(text, NumberStyles.Number, t.Culture, out var a)
                || decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out a))
                amount = a;
            else errors.Add("finding.amount", "must be a number");
        }

        Assessment? assessment = Names.TryParse<Assessment>(Assessment, out var parsed) ? parsed : null;
        var hasEvidence = !string.IsNullOrWhiteSpace(EvidenceUrl) || !string.IsNullOrWhiteSpace(EvidenceSha256)
            || !string.IsNullOrWhiteSpace(EvidenceMediaType) || !string.IsNullOrWhiteSpace(EvidenceTitle);
        var command = new SubmitObservation(
            observedOn,
            new FindingInput(assessment, amount),
            Narrative,
            string.IsNullOrWhiteSpace(Language) ? null : Language.Trim(),
            string.IsNullOrWhiteSpace(Place) ? null : new LocationInput(Place, null, null),
            hasEvidence ? [new EvidenceInput(EvidenceSha256.Trim(), EvidenceMediaType.Trim(), EvidenceUrl, EvidenceTitle)] : []);
        return (command, errors);
    }

    public Html Render(WebContext w, Guid commitmentId, IReadOnlyDictionary<string, string[]> errors)
    {
        var t = w.T;
        Html Error(params string[] keys)
        {
            var messages = keys.SelectMany(k => errors.TryGetValue(k, out var m) ? m : []).ToList();
            return messages.Count == 0
                ? Html.Empty
                : H($"<p class=\"error\" id=\"error-{keys[0].Replace('.', '-').Replace('[', '-').Replace("]", "")}\">" +
                    $"{string.Join("; ", messages)}</p>");
        }
        Html Option(string value, string label, string selected) =>
            H($"<option value=\"{value}\"{(value == selected ? new Html(" selected") : Html.Empty)}>{label}</option>");
        var formErrors = If(errors.Count > 0, H(
            $"<div class=\"errors\" role=\"alert\"><p>{t["Please correct the fields marked below."]}</p>" +
            $"{Error("form", "finding", "location", "evidence")}</div>"));

        return H($"""
            <form method="post" action="/commitments/{commitmentId}/observations" class="stack card" id="observation-form" novalidate>
            {w.AntiforgeryField()}
            <input type="hidden" name="idempotencyKey" value="{IdempotencyKey}">
            {formErrors}
            <label for="observedOn">{t["Date observed"]}</label>
            <input type="date" id="observedOn" name="observedOn" value="{ObservedOn}" required>
            {Error("observedOn")}
            <label for="assessment">{t["Finding"]}</label>
            <select id="assessment" name="assessment" required>
            {Option("", t["Choose…"], Assessment)}
            {Enum.GetValues<Assessment>().Select(a => Option(Names.Of(a), t.Of(a), Assessment))}
            </select>
            {Error("finding.assessment")}
            <label for="amount">{t["Amount seen (cumulative total, in the commitment's unit)"]}</label>
            <input type="text" inputmode="decimal" id="amount" name="amount" value="{Amount}">
            {Error("finding.amount")}
            <label for="place">{t["Place"]}</label>
            <input type="text" id="place" name="place" value="{Place}" maxlength="300">
            {Error("location.place")}
            <label for="narrative">{t["What you saw"]}</label>
            <textarea id="narrative" name="narrative" required maxlength="10000">{Narrative}</textarea>
            {Error("narrative")}
            <label for="language">{t["Language of the narrative"]}</label>
            <select id="language" name="language">{Option("fr", "Français", Language)}{Option("en", "English", Language)}</select>
            {Error("language")}
            <fieldset>
            <legend>{t["Evidence (optional)"]}</legend>
            <label for="evidenceUrl">{t["Link to the file"]}</label>
            <input type="url" id="evidenceUrl" name="evidenceUrl" value="{EvidenceUrl}">
            {Error("evidence[0].url")}
            <label for="evidenceSha256">{t["SHA-256 of the file (64 hexadecimal digits)"]}</label>
            <input type="text" id="evidenceSha256" name="evidenceSha256" value="{EvidenceSha256}" pattern="[0-9a-fA-F]{"{"}64{"}"}">
            {Error("evidence[0].sha256")}
            <label for="evidenceMediaType">{t["Media type"]}</label>
            <input type="text" id="evidenceMediaType" name="evidenceMediaType" value="{EvidenceMediaType}" placeholder="image/jpeg">
            {Error("evidence[0].mediaType")}
            <label for="evidenceTitle">{t["Title of the file"]}</label>
            <input type="text" id="evidenceTitle" name="evidenceTitle" value="{EvidenceTitle}">
            {Error("evidence[0].title")}
            </fieldset>
            <p><button type="submit">{t["Submit the observation"]}</button></p>
            </form>
            """);
    }
}
