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
public sealed partial record ObservationForm(
    string IdempotencyKey, string ObservedOn, string Assessment, string Amount, string Place, string Narrative, string Language,
    string EvidenceUrl, string EvidenceSha256, string EvidenceMediaType, string EvidenceTitle)
{
    /// <summary>The form field of a photo to attach (the form is sent as multipart/form-data, no script needed).</summary>
    public const string EvidenceFileField = "evidenceFile";

    /// <summary>The position, as typed (optional: both or neither).</summary>
    public string Lat { get; init; } = "";

    /// <inheritdoc cref="Lat"/>
    public string Lon { get; init; } = "";

    /// <summary>The pseudonym the organization gives its observer (optional, public).</summary>
    public string Observer { get; init; } = "";

    /// <summary>How to reach the observer (optional, never public).</summary>
    public string Contact { get; init; } = "";

    public static ObservationForm New(Language t, DateOnly today) =>
        new(Guid.NewGuid().ToString("N"), today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "", "", "", "", t.Code, "", "", "", "");

    public static ObservationForm From(IFormCollection form)
    {
        string F(string name) => form[name].ToString();
        return new(F("idempotencyKey"), F("observedOn"), F("assessment"), F("amount"), F("place"), F("narrative"), F("language"),
            F("evidenceUrl"), F("evidenceSha256"), F("evidenceMediaType"), F("evidenceTitle"))
        {
            Lat = F("lat"), Lon = F("lon"), Observer = F("observer"), Contact = F("contact"),
        };
    }

    /// <summary>A coordinate in decimal degrees, with a point or (as typed in French) a comma.</summary>
    static double? Degrees(string text, string field, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value)) return value;
        errors.Add(field, "must be a number of degrees, such as -4.32");
        return null;
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
            var (read, problem) = TypedAmounts.Read(Amount, t);
            if (problem is not null) errors.Add("finding.amount", problem);
            amount = read;
        }

        Assessment? assessment = Names.TryParse<Assessment>(Assessment, out var parsed) ? parsed : null;
        var hasEvidence = !string.IsNullOrWhiteSpace(EvidenceUrl) || !string.IsNullOrWhiteSpace(EvidenceSha256)
            || !string.IsNullOrWhiteSpace(EvidenceMediaType) || !string.IsNullOrWhiteSpace(EvidenceTitle);
        var (lat, lon) = (Degrees(Lat, "location.lat", errors), Degrees(Lon, "location.lon", errors));
        var located = !string.IsNullOrWhiteSpace(Place) || lat is not null || lon is not null;
        var command = new SubmitObservation(
            observedOn,
            new FindingInput(assessment, amount),
            Narrative,
            OptionalText.Of(Language),
            located ? new LocationInput(Place, lat, lon) : null,
            hasEvidence ? [new EvidenceInput(EvidenceSha256.Trim(), EvidenceMediaType.Trim(), EvidenceUrl, EvidenceTitle)] : [],
            Observer: OptionalText.Of(Observer), Contact: OptionalText.Of(Contact));
        return (command, errors);
    }

    const string AmountHint = "A point before decimals, commas between thousands (1,000.5).";

    /// <param name="unit">The commitment's unit, which the amount is counted in.</param>
    public Html Render(WebContext w, Guid commitmentId, string unit, IReadOnlyDictionary<string, string[]> errors)
    {
        var t = w.T;
        Html Error(params string[] keys)
        {
            var messages = keys.SelectMany(k => errors.TryGetValue(k, out var m) ? m : []).ToList();
            return messages.Count == 0
                ? Html.Empty
                : H($"<p class=\"error\" id=\"error-{keys[0].Replace('.', '-').Replace('[', '-').Replace("]", "")}\">" +
                    $"{string.Join("; ", messages.Select(m => t[m]))}</p>");
        }
        Html Option(string value, string label, string selected) =>
            H($"<option value=\"{value}\"{(value == selected ? new Html(" selected") : Html.Empty)}>{label}</option>");
        var formErrors = If(errors.Count > 0, H(
            $"<div class=\"errors\" role=\"alert\"><p>{t["Please correct the fields marked below."]}</p>" +
            $"{Error("form", "finding", "location", "evidence")}</div>"));

        return H($"""
            <form method="post" action="/commitments/{commitmentId}/observations" class="stack card" id="observation-form"
                enctype="multipart/form-data" novalidate>
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
            <label for="amount">{t["Amount seen (cumulative total, in the commitment's unit)"]}: {t.UnitName(unit)}</label>
            <span class="with-unit"><input type="text" inputmode="decimal" id="amount" name="amount" value="{Amount}"
                aria-describedby="amount-unit"> <span class="unit">{t.UnitName(unit)}</span></span>
            <p class="muted" id="amount-unit">{t["Counted in"]} {t.UnitName(unit)} ({unit}). {t[AmountHint]}</p>
            {Error("finding.amount")}
            <label for="place">{t["Place"]}</label>
            <input type="text" id="place" name="place" value="{Place}" maxlength="300">
            {Error("location.place")}
            <fieldset>
            <legend>{t["Position (optional)"]}</legend>
            <p class="muted">{t["The public sees it only rounded to about 11 km; your organization's curators see it as given."]}</p>
            <label for="lat">{t["Latitude"]}</label>
            <input type="text" inputmode="decimal" id="lat" name="lat" value="{Lat}" placeholder="-4.32">
            {Error("location.lat", "location")}
            <label for="lon">{t["Longitude"]}</label>
            <input type="text" inputmode="decimal" id="lon" name="lon" value="{Lon}" placeholder="15.31">
            {Error("location.lon")}
            </fieldset>
            <label for="observer">{t["Observer's pseudonym (optional, public; never a real name)"]}</label>
            <input type="text" id="observer" name="observer" value="{Observer}" maxlength="40">
            {Error("observer")}
            <label for="contact">{t["Contact for your organization's curators (optional, never public)"]}</label>
            <input type="text" id="contact" name="contact" value="{Contact}" maxlength="200" autocomplete="off">
            {Error("contact")}
            <label for="narrative">{t["What you saw"]}</label>
            <textarea id="narrative" name="narrative" required maxlength="10000">{Narrative}</textarea>
            {Error("narrative")}
            <label for="language">{t["Language of the narrative"]}</label>
            <select id="language" name="language">{Option("fr", "Français", Language)}{Option("en", "English", Language)}</select>
            {Error("language")}
            <fieldset>
            <legend>{t["Evidence (optional)"]}</legend>
            <label for="evidenceFile">{t["A photo (JPEG or PNG): its hash is computed for you"]}</label>
            <input type="file" id="evidenceFile" name="{EvidenceFileField}" accept="image/jpeg,image/png">
            <p class="muted">{t["The public sees it only without its metadata (position, camera, time), once accepted."]}</p>
            {Error("evidence[0].evidenceFile")}
            <p class="muted">{t["Or describe a file published elsewhere:"]}</p>
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
