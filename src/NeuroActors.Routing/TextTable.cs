using System.Text;

namespace NeuroActors.Routing;

/// <summary>Aligned plain-text columns for reports, so the routing layer needs no console UI library.</summary>
internal sealed class TextTable
{
    private readonly string[] _header;
    private readonly bool[] _right;
    private readonly List<string[]> _rows = new();

    /// <summary>Columns whose header starts with '&gt;' are right-aligned (the marker is dropped).</summary>
    public TextTable(params string[] header)
    {
        _right = header.Select(h => h.StartsWith('>')).ToArray();
        _header = header.Select(h => h.TrimStart('>')).ToArray();
    }

    public void Add(params string[] row) => _rows.Add(row);

    public void WriteTo(StringBuilder sb, string indent = "  ")
    {
        var widths = _header.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        Write(sb, indent, _header, widths);
        Write(sb, indent, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var r in _rows) Write(sb, indent, r, widths);
    }

    private void Write(StringBuilder sb, string indent, string[] cells, int[] widths)
    {
        var line = new StringBuilder(indent);
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) line.Append("  ");
            line.Append(_right[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }
        sb.Append(line.ToString().TrimEnd()).Append('\n');
    }
}
