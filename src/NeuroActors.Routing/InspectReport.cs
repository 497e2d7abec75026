using System.Globalization;
using System.Text;
using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// Renders a mapping as plain text for people deciding slice sizes, node counts and placement: what was cut,
/// which keys it got, whether the tables fit, where shards run and what crosses the network each window.
/// Plain text (no console UI library) so it can go to a terminal, a log or a file alike. Lines end with '\n'.
/// </summary>
public static class InspectReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Maps <paramref name="spec"/> and renders the result.</summary>
    public static string Render(NetworkSpec spec, InspectOptions? options = null) => Render(Inspector.Inspect(spec, options));

    /// <summary>Renders an inspection result.</summary>
    public static string Render(InspectResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        int nodes = result.Placement.NodeCount, shards = result.Plan.ShardCount;
        sb.Append(CultureInfo.InvariantCulture,
            $"Mapping of '{result.ModelName}': {N(result.Populations.Count)} populations, {N(result.TotalNeurons)} neurons, {N(shards)} shards on {N(nodes)} nodes\n");
        if (nodes > shards)
            sb.Append(CultureInfo.InvariantCulture, $"Note: {N(nodes - shards)} of {N(nodes)} nodes have no shard and stay idle.\n");

        sb.Append("\nKey layout\n");
        var l = result.Layout;
        sb.Append(CultureInfo.InvariantCulture,
            $"  population {l.PopulationBits} bits | slice {l.SliceBits} bits | neuron index {l.NeuronBits} bits = {l.TotalBits} of {KeyLayout.KeyBits} bits; slice mask 0x{l.SliceMask:X8}\n");

        sb.Append("\nPopulations\n");
        var pt = new TextTable("population", ">size", ">max/slice", ">slices");
        foreach (var p in result.Populations) pt.Add(p.Name, N(p.Size), N(p.MaxNeuronsPerSlice), N(p.SliceCount));
        pt.WriteTo(sb);

        sb.Append("\nSlices\n");
        var st = new TextTable(">shard", "population", ">slice", "neurons", "key", "mask", ">node", ">synapses", ">destinations");
        foreach (var s in result.Slices)
            st.Add(N(s.Slice.Index), s.PopulationName, N(s.SliceInPopulation), $"{s.Slice.Start}..{s.Slice.End - 1}",
                $"0x{s.Key:X8}", $"0x{s.Mask:X8}", N(s.Node), N(s.ExpectedSynapses), N(s.Destinations.Count));
        st.WriteTo(sb);

        sb.Append(CultureInfo.InvariantCulture, $"\nRouting tables ({result.Profile.Name}, capacity {result.Profile.CapacityText} entries per node)\n");
        var tt = new TextTable(">node", ">entries", ">compressed", ">capacity", "fits");
        foreach (var n in result.Nodes)
            tt.Add(N(n.Node), N(n.Entries), N(n.CompressedEntries), result.Profile.CapacityText, n.Fits ? "yes" : "NO");
        tt.WriteTo(sb);

        sb.Append(CultureInfo.InvariantCulture, $"\nPlacement ({result.Placement.Strategy})\n");
        var pl = new TextTable(">node", ">shards", "shard ids", ">synapses");
        foreach (var n in result.Nodes) pl.Add(N(n.Node), N(n.Shards.Count), Ranges(n.Shards), N(n.ExpectedSynapses));
        pl.WriteTo(sb);

        var tr = result.Traffic;
        sb.Append(CultureInfo.InvariantCulture,
            $"\nTraffic per window (window {tr.WindowSteps} steps = {tr.WindowMs.ToString("0.###", Inv)} ms, assumed rate {tr.RateHz.ToString("0.###", Inv)} Hz, "
            + $"{TrafficEstimate.PacketHeaderBytes} B per packet + {TrafficEstimate.BytesPerSpike} B per spike)\n");
        Matrix(sb, "packets (row = from node, column = to node)", nodes, (a, b) => N(tr.Packets(a, b)));
        Matrix(sb, "bytes (row = from node, column = to node)", nodes, (a, b) => N(tr.Bytes(a, b)));

        sb.Append("\nTotals\n");
        sb.Append(CultureInfo.InvariantCulture, $"  expected synapses: {N(result.TotalSynapses)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  routing entries: {N(result.TotalEntries)} before compression, {N(result.TotalCompressedEntries)} after\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"  tables fit {result.Profile.Name}: {(result.AllTablesFit ? "yes" : "NO (nodes " + string.Join(", ", result.Nodes.Where(n => !n.Fits).Select(n => n.Node)) + ")")}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  cross-node packets per window: {N(tr.TotalPacketsPerWindow)} (plus {N(tr.LocalPacketsPerWindow)} within nodes)\n");
        sb.Append(CultureInfo.InvariantCulture,
            $"  cross-node bytes per window: {N(tr.TotalBytesPerWindow)} ({N(tr.TotalBytesPerSecond)} B/s at real time)\n");
        return sb.ToString();
    }

    private static void Matrix(StringBuilder sb, string title, int nodes, Func<int, int, string> cell)
    {
        sb.Append("  ").Append(title).Append('\n');
        var header = new[] { ">from\\to" }.Concat(Enumerable.Range(0, nodes).Select(n => ">" + N(n))).ToArray();
        var t = new TextTable(header);
        for (int a = 0; a < nodes; a++)
            t.Add(new[] { N(a) }.Concat(Enumerable.Range(0, nodes).Select(b => cell(a, b))).ToArray());
        t.WriteTo(sb, "    ");
    }

    /// <summary>"0-3, 7, 9-10": shard lists stay short for large placements.</summary>
    private static string Ranges(IReadOnlyList<int> ids)
    {
        if (ids.Count == 0) return "-";
        var parts = new List<string>();
        int start = ids[0], prev = ids[0];
        foreach (int id in ids.Skip(1).Append(int.MinValue))
        {
            if (id == prev + 1) { prev = id; continue; }
            parts.Add(start == prev ? N(start) : $"{N(start)}-{N(prev)}");
            start = prev = id;
        }
        return string.Join(", ", parts);
    }

    private static string N(long v) => v.ToString("N0", Inv);

    private static string N(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 ? Math.Round(v).ToString("N0", Inv) : v.ToString("N1", Inv);
}
