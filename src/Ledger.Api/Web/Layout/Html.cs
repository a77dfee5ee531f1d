using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Ledger.Web.Layout;

/// <summary>A piece of markup that is already safe: built only by <see cref="Markup.H"/>, which encodes every hole.</summary>
public readonly record struct Html(string Value)
{
    public static readonly Html Empty = new("");

    public override string ToString() => Value;

    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));
}

/// <summary>
/// <c>H($"&lt;p&gt;{text}&lt;/p&gt;")</c>: the literal parts are markup, every interpolated value is HTML-encoded unless it is
/// itself <see cref="Html"/> (or a sequence of it). User text can only ever reach a page as text.
/// </summary>
[InterpolatedStringHandler]
public ref struct HtmlBuilder
{
    // Every character range allowed, so that French text stays readable; <, >, &, quotes are still encoded.
    static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);
    readonly StringBuilder _html;

    public HtmlBuilder(int literalLength, int formattedCount) => _html = new StringBuilder(literalLength + formattedCount * 16);

    public void AppendLiteral(string literal) => _html.Append(literal);

    public void AppendFormatted(string? text) => _html.Append(Encoder.Encode(text ?? ""));

    public void AppendFormatted<T>(T value)
    {
        switch (value)
        {
            case Html html: _html.Append(html.Value); break;
            case IEnumerable<Html> many: foreach (var h in many) _html.Append(h.Value); break;
            case null: break;
            default: AppendFormatted(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public void AppendFormatted<T>(T value, string? format) where T : IFormattable =>
        AppendFormatted(value.ToString(format, CultureInfo.InvariantCulture));

    public readonly Html ToHtml() => new(_html.ToString());
}

public static class Markup
{
    public static Html H(ref HtmlBuilder builder) => builder.ToHtml();

    public static Html If(bool condition, Html html) => condition ? html : Html.Empty;

    /// <summary>Only http(s) links are ever emitted as links: anything else (javascript:, data:) becomes inert.</summary>
    public static string SafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.AbsoluteUri : "#";

    public static Html ExternalLink(string? url, string text) =>
        H($"<a href=\"{SafeUrl(url)}\" rel=\"noopener noreferrer nofollow\">{text}</a>");
}
