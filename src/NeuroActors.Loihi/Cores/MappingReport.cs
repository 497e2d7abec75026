using System.Globalization;
using System.Text;

namespace NeuroActors.Loihi.Cores;

/// <summary>
/// A mapping as plain text for <c>neuroactors inspect</c>: cores and chips used, per population and over all cores the
/// use of compartments, axons and synapse memory against the profile's limits, and the fullest cores (never one line
/// per core: a large model has thousands). Lines end with '\n'.
/// </summary>
public static class MappingReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The number of fullest cores listed by default.</summary>
    public const int DefaultFullest = 10;

    /// <summary>Renders <paramref name="m"/>, listing its <paramref name="fullest"/> fullest cores.</summary>
    public static string Render(LoihiMapping m, int fullest = DefaultFullest)
    {
        ArgumentNullException.ThrowIfNull(m);
        var p = m.Profile;
        var sb = new StringBuilder();
        sb.Append(Inv, $"Loihi cores (profile {p.Name}): {N(m.Cores.Count)} cores on {N(m.Chips)} {(m.Chips == 1 ? "chip" : "chips")}, " +
            $"{N(m.Cores.Sum(c => (long)c.Compartments))} neurons, {N(m.Cores.Sum(c => c.Synapses))} synapses\n");
        sb.Append("  limits: ").Append(Limits(p)).Append('\n');
        if (m.Cores.Count == 0) return sb.ToString();

        sb.Append("\nPopulations\n");
        var pt = new Table("population", ">cores", ">chips", ">neurons", ">synapses", ">max input axons", ">max output axons", ">max synapse memory");
        foreach (var g in m.Cores.GroupBy(c => c.Population))
        {
            var chips = g.Select(c => c.Chip).Distinct().Order().ToArray();
            pt.Add(g.Key, N(g.Count()), chips.Length == 1 ? N(chips[0]) : $"{chips[0]}..{chips[^1]}", N(g.Sum(c => (long)c.Compartments)),
                N(g.Sum(c => c.Synapses)), N(g.Max(c => c.InputAxons)), N(g.Max(c => c.OutputAxons)), Kib(g.Max(c => c.SynapseBits)));
        }
        pt.WriteTo(sb);

        sb.Append("\nUse per core (least / mean / most, and of the limit)\n");
        var ut = new Table("resource", ">least", ">mean", ">most", ">limit", ">most of limit");
        Use(ut, "compartments", m.Cores.Select(c => (double)c.Compartments), p.CompartmentsPerCore, N);
        Use(ut, "input axons", m.Cores.Select(c => (double)c.InputAxons), p.InputAxonsPerCore, N);
        Use(ut, "output axons", m.Cores.Select(c => (double)c.OutputAxons), p.OutputAxonsPerCore, N);
        Use(ut, "synapse memory", m.Cores.Select(c => (double)c.SynapseBits), p.SynapseMemoryBitsPerCore, b => Kib((long)b));
        Use(ut, "compartment configs", m.Cores.Select(c => (double)c.CompartmentConfigs), p.CompartmentConfigsPerCore, N);
        Use(ut, "threshold configs", m.Cores.Select(c => (double)c.ThresholdConfigs), p.ThresholdConfigsPerCore, N);
        Use(ut, "synapse configs", m.Cores.Select(c => (double)c.SynapseConfigs), p.SynapseConfigsPerCore, N);
        ut.WriteTo(sb);

        var top = m.Fullest(fullest);
        sb.Append(Inv, $"\nFullest cores ({N(top.Count)} of {N(m.Cores.Count)}, by their largest share of a limit)\n");
        var ct = new Table(">core", ">chip", "population", ">slice", "neurons", ">compartments", ">input axons", ">output axons", ">synapse memory",
            ">configs cx/vth/syn", ">fullness");
        foreach (var c in top)
            ct.Add(N(c.Core), N(c.Chip), c.Population, N(c.Slice), $"{c.FirstNeuron}..{c.FirstNeuron + c.Compartments - 1}", N(c.Compartments),
                N(c.InputAxons), N(c.OutputAxons), Kib(c.SynapseBits), $"{c.CompartmentConfigs}/{c.ThresholdConfigs}/{c.SynapseConfigs}",
                Percent(m.Fullness(c)));
        ct.WriteTo(sb);
        return sb.ToString();
    }

    /// <summary>The profile's modelled limits in one line, and what it does not model.</summary>
    public static string Limits(LoihiProfile p)
    {
        var modelled = new List<string> { $"{N(p.CompartmentsPerCore)} compartments" };
        var not = new List<string>();
        void Add(string what, string? value) { if (value is null) not.Add(what); else modelled.Add(value); }
        Add("input axons", p.InputAxonsPerCore is { } ia ? $"{N(ia)} input axons" : null);
        Add("output axons", p.OutputAxonsPerCore is { } oa ? $"{N(oa)} output axons" : null);
        Add("synapse memory", p.SynapseMemoryBitsPerCore is { } mem ? $"{Kib(mem)} synapse memory" : null);
        Add("compartment configurations", p.CompartmentConfigsPerCore is { } cc ? $"{cc} compartment configurations" : null);
        Add("threshold configurations", p.ThresholdConfigsPerCore is { } tc ? $"{tc} threshold configurations" : null);
        Add("synapse configurations", p.SynapseConfigsPerCore is { } sc ? $"{sc} synapse configurations" : null);
        string chip = $"{N(p.CoresPerChip)} cores" + (p.SynapsesPerChip is { } s ? $" and {N(s)} synapses" : "") + " per chip";
        return string.Join(", ", modelled) + " per core; " + chip + (not.Count > 0 ? $"; not modelled: {string.Join(", ", not)}" : "");
    }

    private static void Use(Table t, string name, IEnumerable<double> values, long? limit, Func<double, string> format)
    {
        var v = values.ToArray();
        double most = v.Max();
        t.Add(name, format(v.Min()), format(Math.Round(v.Average(), 1)), format(most), limit is { } l ? format(l) : "-",
            limit is { } lim && lim > 0 ? Percent(most / lim) : "-");
    }

    private static string N(long n) => n.ToString("N0", Inv);
    private static string N(double n) => n == Math.Floor(n) ? n.ToString("N0", Inv) : n.ToString("#,0.0", Inv);
    private static string Kib(long bits) => (bits / 8192.0).ToString("#,0.0", Inv) + " KiB";
    private static string Percent(double f) => (100 * f).ToString("0.0", Inv) + " %";

    private sealed class Table(params string[] header)
    {
        private readonly bool[] _right = [.. header.Select(h => h.StartsWith('>'))];
        private readonly string[] _header = [.. header.Select(h => h.TrimStart('>'))];
        private readonly List<string[]> _rows = [];

        public void Add(params string[] row) => _rows.Add(row);

        public void WriteTo(StringBuilder sb)
        {
            var widths = _header.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
            Line(sb, _header, widths);
            Line(sb, [.. widths.Select(w => new string('-', w))], widths);
            foreach (var r in _rows) Line(sb, r, widths);
        }

        private void Line(StringBuilder sb, string[] cells, int[] widths)
        {
            var line = new StringBuilder("  ");
            for (int i = 0; i < cells.Length; i++)
            {
                if (i > 0) line.Append("  ");
                line.Append(_right[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
            }
            sb.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
