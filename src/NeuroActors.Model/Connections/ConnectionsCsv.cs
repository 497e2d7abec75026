using System.Globalization;

namespace NeuroActors.Model;

/// <summary>
/// Connections from a CSV file: a header naming the columns source, target, weight and delay_ms (in any order, no
/// others), then one connection per line; fields are separated by commas and may be padded with spaces; numbers in
/// invariant culture (a decimal point). No blank lines except at the end, so connection i is always on line i + 2.
/// </summary>
internal static class ConnectionsCsv
{
    public static ConnectionList Read(string path, string name)
    {
        var sources = new List<int>();
        var targets = new List<int>();
        var weights = new List<double>();
        var delays = new List<double>();
        int[]? column = null; // column of each field
        int line = 0, blank = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (blank == 0) blank = line;
                continue;
            }
            if (blank > 0)
                throw new ConnectionFileException($"{name} line {blank}", "a blank line", "every line after the header is one connection (blank lines only at the end)");
            var cells = text.Split(',');
            if (column is null)
            {
                column = Header(cells, name);
                continue;
            }
            if (cells.Length != 4)
                throw new ConnectionFileException($"{name} line {line}", $"{cells.Length} fields", "4 fields: source, target, weight, delay_ms");
            sources.Add(Index(cells[column[0]], name, line, 0));
            targets.Add(Index(cells[column[1]], name, line, 1));
            weights.Add(Number(cells[column[2]], name, line, 2));
            delays.Add(Number(cells[column[3]], name, line, 3));
        }
        if (column is null)
            throw new ConnectionFileException($"{name} line 1", "an empty file", $"a header: {string.Join(",", ConnectionList.FieldNames)}");
        return new ConnectionList(ConnectionFormat.Csv, name, [.. sources], [.. targets], [.. weights], [.. delays]);
    }

    private static int[] Header(string[] cells, string name)
    {
        var names = cells.Select(c => c.Trim()).ToArray();
        string valid = $"the header names the columns {string.Join(",", ConnectionList.FieldNames)} (in any order, each once)";
        if (names.Length != 4 || names.Distinct().Count() != 4 || names.Any(n => !ConnectionList.FieldNames.Contains(n)))
            throw new ConnectionFileException($"{name} line 1", $"'{string.Join(",", names)}'", valid);
        return ConnectionList.FieldNames.Select(f => Array.IndexOf(names, f)).ToArray();
    }

    private static int Index(string cell, string name, int line, int field)
    {
        string s = cell.Trim();
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)) return v;
        throw new ConnectionFileException($"{name} line {line}, {ConnectionList.FieldNames[field]}", $"'{s}'", $"an index is a whole number from 0 to {int.MaxValue}");
    }

    private static double Number(string cell, string name, int line, int field)
    {
        string s = cell.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        throw new ConnectionFileException($"{name} line {line}, {ConnectionList.FieldNames[field]}", $"'{s}'", "a number such as 0.5 or 1e-3 (a decimal point, no units)");
    }
}
