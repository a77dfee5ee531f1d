using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Transparency.Log;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme: one byte sequence per JSON value, so anyone can re-derive the exact text a leaf
/// hashed. Members sorted by their names' UTF-16 code units, no insignificant whitespace, ECMAScript number formatting,
/// minimal string escaping. Numbers are IEEE 754 doubles (as RFC 8785 requires): digits beyond a double's precision are lost.
/// </summary>
public static class CanonicalJson
{
    public static string Serialize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Serialize(document.RootElement);
    }

    public static string Serialize(JsonElement value)
    {
        var text = new StringBuilder();
        Write(value, text);
        return text.ToString();
    }

    static void Write(JsonElement value, StringBuilder text)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = value.EnumerateObject().Select(p => (Name: p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (members[i].Name == members[i - 1].Name)
                            throw new FormatException($"The member name '{members[i].Name}' appears twice: I-JSON forbids it");
                        text.Append(',');
                    }
                    WriteString(members[i].Name, text);
                    text.Append(':');
                    Write(members[i].Value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) text.Append(',');
                    first = false;
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String:
                string? s;
                try { s = value.GetString(); }
                catch (InvalidOperationException e) { throw new FormatException("A string is not valid Unicode", e); }
                WriteString(s!, text);
                break;
            case JsonValueKind.Number:
                var number = double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                text.Append(FormatNumber(number));
                break;
            case JsonValueKind.True: text.Append("true"); break;
            case JsonValueKind.False: text.Append("false"); break;
            case JsonValueKind.Null: text.Append("null"); break;
            default: throw new FormatException($"Unexpected JSON value kind {value.ValueKind}");
        }
    }

    /// <summary>RFC 8785 §3.2.2.2: only the quote, the backslash and control characters are escaped; the rest is written as is.</summary>
    static void WriteString(string s, StringBuilder text)
    {
        text.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) text.Append(c).Append(s[++i]);
                    else if (char.IsSurrogate(c)) throw new FormatException("A string holds a lone surrogate: it is not valid Unicode");
                    else text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>
    /// ECMAScript's Number.prototype.toString (ECMA-262 §7.1.12.1), which RFC 8785 §3.2.2.3 prescribes: the shortest digits
    /// that round-trip (.NET's "R"), laid out as an integer, a decimal or an exponent by where the decimal point falls.
    /// </summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) throw new FormatException("NaN and Infinity are not JSON numbers");
        if (value == 0) return "0"; // minus zero included

        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOf('E');
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var n = (point < 0 ? mantissa.Length : point) + exponent; // where the decimal point falls, counted in digits

        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        n -= leadingZeros;
        var k = digits.Length;

        var text = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21) text.Append(digits).Append('0', n - k);
        else if (0 < n && n <= 21) text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        else if (-6 < n && n <= 0) text.Append("0.").Append('0', -n).Append(digits);
        else
        {
            text.Append(digits[0]);
            if (k > 1) text.Append('.').Append(digits, 1, k - 1);
            var e = n - 1;
            text.Append('e').Append(e < 0 ? '-' : '+').Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }
}
