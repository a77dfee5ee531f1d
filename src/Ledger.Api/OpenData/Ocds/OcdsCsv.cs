using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Commitments.Gaps;

namespace Ledger.OpenData.Ocds;

/// <summary>
/// Releases flattened as flatten-tool flattens them: one table per array of objects, named by its path (<c>releases</c>,
/// <c>parties</c>, <c>contracts_milestones</c>, <c>contracts_implementation_observations</c>, …), columns named by
/// JSON path with <c>/0/</c> for an array position, each child row led by its release's <c>ocid</c> and <c>id</c> and
/// its parents' ids; arrays of plain values joined with <c>;</c>.
/// </summary>
public static class OcdsCsv
{
    public sealed class Table
    {
        public List<string> Columns { get; } = [];
        public List<Dictionary<string, string>> Rows { get; } = [];

        internal Dictionary<string, string> NewRow()
        {
            var row = new Dictionary<string, string>();
            Rows.Add(row);
            return row;
        }

        internal void Set(Dictionary<string, string> row, string column, string value)
        {
            if (!Columns.Contains(column)) Columns.Add(column);
            row[column] = value;
        }
    }

    /// <summary>The tables by name, <c>releases</c> first, then in the order their first row was met.</summary>
    public static IReadOnlyDictionary<string, Table> Flatten(IEnumerable<JsonObject> releases)
    {
        var tables = new Dictionary<string, Table> { ["releases"] = new() };
        foreach (var release in releases)
        {
            var main = tables["releases"];
            var row = main.NewRow();
            var links = new List<(string Column, string Value)>
            {
                ("ocid", Cell(release["ocid"])), ("id", Cell(release["id"])),
            };
            Fill(tables, main, row, release, "", [], links);
        }
        return tables;
    }

    static void Fill(Dictionary<string, Table> tables, Table table, Dictionary<string, string> row, JsonObject obj,
        string prefix, IReadOnlyList<string> path, IReadOnlyList<(string Column, string Value)> links)
    {
        foreach (var (name, value) in obj)
            switch (value)
            {
                case null:
                    break;
                case JsonObject child:
                    Fill(tables, table, row, child, $"{prefix}{name}/", [.. path, name], links);
                    break;
                case JsonArray items when items.Any(i => i is JsonObject):
                    var childPath = path.Append(name).ToList();
                    var sheet = string.Join('_', childPath);
                    var childTable = tables.TryGetValue(sheet, out var t) ? t : tables[sheet] = new Table();
                    foreach (var item in items.OfType<JsonObject>())
                    {
                        var childRow = childTable.NewRow();
                        foreach (var (column, linked) in links) childTable.Set(childRow, column, linked);
                        var itemPrefix = $"{prefix}{name}/0/";
                        Fill(tables, childTable, childRow, item, itemPrefix, childPath,
                            item["id"] is { } id ? [.. links, ($"{itemPrefix}id", Cell(id))] : links);
                    }
                    break;
                case JsonArray items:
                    table.Set(row, prefix + name, string.Join(';', items.Select(Cell)));
                    break;
                default:
                    table.Set(row, prefix + name, Cell(value));
                    break;
            }
    }

    /// <summary>Text guarded as the gaps CSV guards it, so a spreadsheet never runs a cell as a formula.</summary>
    static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => GapsCsv.Text(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonValue v => v.GetValueKind() == JsonValueKind.True ? "true" : "false",
        _ => value.ToJsonString(),
    };

    public static string Write(Table table)
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', table.Columns.Select(GapsCsv.Quote)).Append("\r\n");
        foreach (var row in table.Rows)
            csv.AppendJoin(',', table.Columns.Select(c => GapsCsv.Quote(row.GetValueOrDefault(c, "")))).Append("\r\n");
        return csv.ToString();
    }

    /// <summary>A zip of one <c>{table}.csv</c> per table, UTF-8.</summary>
    public static byte[] Zip(IEnumerable<JsonObject> releases)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, table) in Flatten(releases))
            {
                var entry = zip.CreateEntry($"{name}.csv");
                // Dated to the zip format's epoch, not the moment of the request: the same ledger gives the same bytes (and ETag).
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var writer = new StreamWriter(entry.Open(), new UTF8Encoding(false));
                writer.Write(Write(table));
            }
        return buffer.ToArray();
    }
}
