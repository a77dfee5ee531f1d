using System.Globalization;
using Ledger.Commitments.Series;
using Ledger.Infrastructure;
using Ledger.Web.Deals;
using Ledger.Web.Layout;
using Ledger.Web.Localisation;
using static Ledger.Web.Layout.Markup;

namespace Ledger.Web.Charts;

/// <summary>
/// Promises over time, drawn on the server: the target in force as a step line (the original baseline dashed beside
/// it), claimed and verified delivery as steps, due dates and today as vertical marks, each statement a point linked to
/// its first source. No script; a title and description for screen readers, and the same points as a table beside it.
/// </summary>
public static class SeriesChart
{
    const int Width = 640, Height = 260, Left = 86, Right = 16, Top = 16, Bottom = 52;

    /// <param name="id">Unique on the page: the chart's title and description are labelled by it.</param>
    public static Html Render(Language t, string id, string unit, decimal originalTarget, IReadOnlyList<SeriesPoint> points,
        DateOnly today)
    {
        var steps = points.Where(p => p.Kind != SeriesPointKind.Due).ToList();
        if (steps.Count == 0) return Html.Empty;
        var first = steps.Min(p => p.On);
        var last = new[] { today, points.Max(p => p.On) }.Max();
        if (last.DayNumber - first.DayNumber < 365) last = first.AddDays(365);
        var highest = new[] { originalTarget }.Concat(steps.SelectMany(p => new[] { p.Target ?? 0, p.Claimed ?? 0, p.Verified ?? 0 }))
            .Max();
        // A tenth of headroom above the highest figure, unless that figure is near decimal's limit.
        var top = highest <= 0 ? 1 : highest > decimal.MaxValue / 2 ? highest : highest * 1.1m;
        double X(DateOnly day) => Left + (double)(day.DayNumber - first.DayNumber) / (last.DayNumber - first.DayNumber)
            * (Width - Left - Right);
        double Y(decimal value) => Top + (double)(1 - value / top) * (Height - Top - Bottom);
        string N(double value) => Math.Round(value, 1).ToString(CultureInfo.InvariantCulture);

        // Claimed and verified are drawn only once something was claimed or verified: a flat zero says nothing.
        string Step(Func<SeriesPoint, decimal?> figure, SeriesPointKind? onlyIfAny = null)
        {
            if (onlyIfAny is { } kind && steps.All(p => p.Kind != kind)) return "";
            var path = new List<string>();
            foreach (var p in steps.Where(p => figure(p) is not null))
                path.Add(path.Count == 0 ? $"M{N(X(p.On))} {N(Y(figure(p)!.Value))}" : $"H{N(X(p.On))} V{N(Y(figure(p)!.Value))}");
            return path.Count == 0 ? "" : string.Join(" ", path) + $" H{N(X(last))}";
        }

        var unitName = t.UnitName(unit);
        var years = Enumerable.Range(first.Year, last.Year - first.Year + 1).ToList();
        var every = Math.Max(1, (int)Math.Ceiling(years.Count / 8.0));
        // The first day is labelled; a year tick too close to it would overwrite it.
        var ticks = years.Where(y => (y - first.Year) % every == 0 && X(new DateOnly(y, 1, 1)) >= Left + 70).Select(y => H(
            $"""<line class="tick" x1="{N(X(new DateOnly(y, 1, 1)))}" x2="{N(X(new DateOnly(y, 1, 1)))}" y1="{Height - Bottom}" """ +
            $"""y2="{Height - Bottom + 4}" stroke="currentColor"></line>""" +
            $"""<text x="{N(X(new DateOnly(y, 1, 1)))}" y="{Height - Bottom + 16}" text-anchor="middle">{y}</text>"""));
        var dues = DueMarks(t, points.Where(p => p.Kind == SeriesPointKind.Due).Select(p => p.On).Distinct().Order(), X, N);
        var marks = steps.Select(p => Mark(t, p, unitName, X(p.On), Y(FigureOf(p) ?? 0), N));
        var description = string.Join("; ", steps.Select(p => $"{t.Date(p.On, p.DatePrecision)}: {KindName(t, p.Kind)} " +
            $"{t.Number(FigureOf(p) ?? 0)} {unitName}"));

        var svgTag = H(
            $"""<svg class="series-chart" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {Width} {Height}" """ +
            $"""width="100%" preserveAspectRatio="xMinYMin meet" data-unit="{unit}">""");
        return H($"""
            <figure class="series" id="{id}">
            {svgTag}
            <title id="{id}-title">{t["Promised over time against claimed and verified"]}: {unitName}</title>
            <desc id="{id}-desc">{description}</desc>
            <line x1="{Left}" x2="{Width - Right}" y1="{Height - Bottom}" y2="{Height - Bottom}" stroke="currentColor"></line>
            <text x="{Left - 6}" y="{N(Y(0) + 4)}" text-anchor="end">0</text>
            <text x="{Left - 6}" y="{N(Y(highest) + 4)}" text-anchor="end">{Short(t, highest)}</text>
            <text x="{Left}" y="{Height - Bottom + 16}">{t.Date(first, steps[0].DatePrecision ?? Sourcing.DatePrecision.Month)}</text>
            {ticks}
            <path class="baseline" d="M{N(X(first))} {N(Y(originalTarget))} H{N(X(last))}" fill="none" stroke="#8a96a3"
                stroke-dasharray="6 4"></path>
            <path class="target" d="{Step(p => p.Target)}" fill="none" stroke="#1d232a" stroke-width="2"></path>
            <path class="claimed" d="{Step(p => p.Claimed, SeriesPointKind.Claim)}" fill="none" stroke="#d98b1f" stroke-width="2"></path>
            <path class="verified" d="{Step(p => p.Verified, SeriesPointKind.Verified)}" fill="none" stroke="#1f7a4d"
                stroke-width="2"></path>
            {dues}
            <line class="today" x1="{N(X(today))}" x2="{N(X(today))}" y1="{Top}" y2="{Height - Bottom}" stroke="#5b6570"></line>
            {TodayLabel(t, X(today), N)}
            {marks}
            <g class="legend" transform="translate({Left},{Height - 16})">
            <line x1="0" x2="18" y1="-4" y2="-4" stroke="#1d232a" stroke-width="2"></line><text x="22" y="0">{t["Target"]}</text>
            <line x1="110" x2="128" y1="-4" y2="-4" stroke="#8a96a3" stroke-dasharray="6 4"></line>
            <text x="132" y="0">{t["Original target"]}</text>
            <line x1="260" x2="278" y1="-4" y2="-4" stroke="#d98b1f" stroke-width="2"></line><text x="282" y="0">{t["Claimed"]}</text>
            <line x1="370" x2="388" y1="-4" y2="-4" stroke="#1f7a4d" stroke-width="2"></line><text x="392" y="0">{t["Verified"]}</text>
            </g>
            </svg>
            <figcaption class="muted">{t["Each point links to its source."]} {unitName} ({unit})</figcaption>
            </figure>
            {Table(t, id, unitName, points)}
            """);
    }

    /// <summary>
    /// A dotted line at each due date, named in its tooltip; labelled too unless the label would run into the last one
    /// (deadlines weeks apart would print over each other). A label sits left of its line, or right of it near the left edge.
    /// </summary>
    static IEnumerable<Html> DueMarks(Language t, IEnumerable<DateOnly> dues, Func<DateOnly, double> x, Func<double, string> n)
    {
        var labelledUpTo = double.MinValue;
        foreach (var due in dues)
        {
            var (at, text) = (x(due), $"{t["due"]} {t.Date(due)}");
            var width = text.Length * 6.5;
            var rightOfLine = at - width - 3 < Left;
            var from = rightOfLine ? at + 3 : at - 3 - width;
            var labelled = from >= labelledUpTo + 6;
            if (labelled) labelledUpTo = from + width;
            var label = rightOfLine
                ? H($"""<text class="due-label" x="{n(at + 3)}" y="{Top + 10}">{text}</text>""")
                : H($"""<text class="due-label" x="{n(at - 3)}" y="{Top + 10}" text-anchor="end">{text}</text>""");
            yield return H(
                $"""<line class="due" x1="{n(at)}" x2="{n(at)}" y1="{Top}" y2="{Height - Bottom}" stroke="#b3261e" """ +
                $"""stroke-dasharray="2 3"><title>{text}</title></line>{If(labelled, label)}""");
        }
    }

    /// <summary>Beside the today line, on its left when the line is near the right edge.</summary>
    static Html TodayLabel(Language t, double x, Func<double, string> n) => x > Width - Right - 70
        ? H($"""<text x="{n(x - 3)}" y="{Height - Bottom - 4}" text-anchor="end">{t["today"]}</text>""")
        : H($"""<text x="{n(x + 3)}" y="{Height - Bottom - 4}">{t["today"]}</text>""");

    /// <summary>The figure a point changes: the target for a promise or revision, else the claim or the verified amount.</summary>
    public static decimal? FigureOf(SeriesPoint p) => p.Kind switch
    {
        SeriesPointKind.Claim => p.Claimed,
        SeriesPointKind.Verified => p.Verified,
        _ => p.Target,
    };

    public static string KindName(Language t, SeriesPointKind kind) => t.EventKind(Names.Of(kind));

    static Html Mark(Language t, SeriesPoint p, string unitName, double x, double y, Func<double, string> n)
    {
        var css = p.Kind switch
        {
            SeriesPointKind.Claim => "claimed",
            SeriesPointKind.Verified => "verified",
            _ => "target",
        };
        var fill = css switch { "claimed" => "#d98b1f", "verified" => "#1f7a4d", _ => "#1d232a" };
        var source = p.Sources.FirstOrDefault();
        var unverified = p.OnlyUnverified ? $" ({t["unverified"]})" : "";
        var label = $"{t.Date(p.On, p.DatePrecision)} · {KindName(t, p.Kind)} · {t.Number(FigureOf(p) ?? 0)} {unitName}" +
            $"{unverified}{(source is null ? "" : " · " + source.Publisher)}";
        var circle = H(
            $"""<circle class="point {css}{(p.OnlyUnverified ? " unverified" : "")}" cx="{n(x)}" cy="{n(y)}" r="5" fill="{fill}" """ +
            $"""stroke="#fff" stroke-width="1.5" data-kind="{Names.Of(p.Kind)}" data-sequence="{p.Sequence}">""" +
            $"""<title>{label}</title></circle>""");
        return source is null ? circle
            : H($"""<a href="{SafeUrl(source.Url)}" rel="noopener noreferrer nofollow">{circle}</a>""");
    }

    static Html Table(Language t, string id, string unitName, IReadOnlyList<SeriesPoint> points) => H($"""
        <div class="table-wrap"><table class="series-points" id="{id}-points">
        <caption class="muted">{t["Promised over time against claimed and verified"]}: {unitName}</caption>
        <thead><tr><th>{t["Date"]}</th><th>{t["Event"]}</th><th class="num">{t["Target"]}</th><th class="num">{t["Claimed"]}</th>
        <th class="num">{t["Verified"]}</th><th>{t["Sources"]}</th></tr></thead>
        <tbody>{points.Select(p => H(
            $"<tr data-kind=\"{Names.Of(p.Kind)}\" data-sequence=\"{p.Sequence}\"><td>{t.Date(p.On, p.DatePrecision)}</td>" +
            $"<td>{KindName(t, p.Kind)}</td><td class=\"num\">{Figure(t, p.Target)}</td>" +
            $"<td class=\"num\">{Figure(t, p.Claimed)}</td><td class=\"num\">{Figure(t, p.Verified)}</td>" +
            $"<td>{DealPages.SourceList(t, p.Sources)}</td></tr>"))}</tbody>
        </table></div>
        """);

    static string Figure(Language t, decimal? value) => value is { } v ? t.Number(v) : "—";

    /// <summary>A large figure in few characters for an axis: 7,000,000,000 as "7 bn" ("7 Md" in French).</summary>
    static string Short(Language t, decimal value) => value switch
    {
        >= 1_000_000_000m => $"{t.Number(Math.Round(value / 1_000_000_000m, 2))} {t["bn"]}",
        >= 1_000_000m => $"{t.Number(Math.Round(value / 1_000_000m, 2))} {t["m"]}",
        _ => t.Number(Math.Round(value, 2)),
    };
}
