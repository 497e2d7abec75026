using NeuroActors.Results;
using Spectre.Console;

namespace NeuroActors.Cli;

/// <summary>The table printed at the end of a run.</summary>
public static class SummaryTable
{
    /// <summary>Prints per-population activity (as summary.json holds it) and run totals.</summary>
    public static void Print(IAnsiConsole console, IReadOnlyList<PopulationSummary> populations, RunStats s, string outDir, string? checkpointPath)
    {
        var table = new Table().AddColumns("population", "neurons", "spikes", "rate (Hz)", "CV ISI");
        foreach (var pop in populations)
            table.AddRow(pop.Name, pop.Neurons.ToString(), pop.Spikes.ToString(),
                pop.RateHz.ToString("0.00"), pop.CvIsi is { } cv ? cv.ToString("0.000") : "-");
        console.Write(table);
        console.WriteLine($"synapses {s.Synapses:N0} ({s.BytesPerSynapse:0.0} bytes each), spikes {s.Spikes:N0}, synaptic events {s.SynapticEvents:N0}");
        console.WriteLine($"build {s.BuildSeconds:0.00} s, simulation {s.SimulationSeconds:0.00} s for {s.BiologicalMs:0.#} ms " +
            $"(real-time factor {s.RealTimeFactor:0.00}, {s.SynapticEventsPerSecond:0.###e+0} events/s), peak memory {s.PeakMemoryBytes / 1048576.0:0} MiB");
        if (s.Communication is { } c)
        {
            var nodes = c.Nodes;
            console.WriteLine($"communication: {c.PacketsPerWindow:0.#} packets per window over {c.Windows:N0} windows" +
                (c.WindowParts > 1 ? $" (each window sent in {c.WindowParts} parts)" : "") +
                (nodes.Count > 1 ? $", {c.RemotePacketsPerWindow:0.#} of them between nodes ({c.RemoteBytesPerWindow:N0} bytes per window)" : ""));
            foreach (var n in nodes)
                console.WriteLine($"  {n.Node}: {n.Shards} shard{(n.Shards == 1 ? "" : "s")}, compute {n.ComputeSeconds:0.00} s, waiting {n.WaitSeconds:0.00} s (summed over shards)" +
                    (n.SerializationSeconds is { } ser ? $", serialization {ser:0.00} s" : "") + (n.Malformed is > 0 ? $", {n.Malformed} malformed messages" : ""));
            if (c.Slowest is { } slow)
                console.WriteLine($"  slowest shard: {slow.Shard} on {slow.Node}, compute {slow.ComputeSeconds:0.00} s");
            if (c.TimeScale is { } scale)
            {
                console.WriteLine($"best-effort real time at time scale {scale}: {c.Shards.Sum(x => x.LatePackets):N0} late packets, " +
                    $"{c.Shards.Sum(x => x.LateSpikes):N0} spikes dropped, {c.Shards.Sum(x => x.Overruns):N0} windows behind the clock");
                foreach (var loss in c.LateByProjection ?? []) console.WriteLine($"  {loss.Projection}: {loss.DroppedSpikes:N0} spikes dropped");
                if (c.Advice is { } advice) console.WriteLine($"  advice: {advice}");
            }
        }
        if (EnergyLine(s) is { } energy) console.WriteLine(energy);
        foreach (var recovery in s.Recoveries ?? []) console.WriteLine($"recovered: {recovery.Describe()}");
        if (checkpointPath is not null) console.WriteLine($"checkpoint: {checkpointPath}");
        console.WriteLine($"results: {outDir}");
    }

    /// <summary>The SpiNNaker estimate of summary.json's energy section in one line (null when the run has none).</summary>
    private static string? EnergyLine(RunStats s)
    {
        var cpu = s.Backends?.FirstOrDefault(b => b.Backend == NeuroActors.Model.PopulationSpec.DefaultBackend);
        if (cpu is null || cpu.Neurons == 0) return null;
        var e = SpinnakerEnergy.Estimate([], cpu.Spikes, cpu.SynapticEvents, cpu.BiologicalMs / 1000.0);
        return $"energy on SpiNNaker (float populations, estimate): {Si(e.Joules, "J")}" +
            (e.JoulesPerBiologicalSecond is { } w ? $", {Si(w, "J")} per biological second" : "") +
            (e.JoulesPerSpike is { } j ? $", {Si(j, "J")} per spike" : "") +
            $" from {e.SynapticEvents:N0} synaptic events and {e.Packets:N0} packets (routers {Si(e.RouterJoules, "J")})";
    }

    /// <summary>A value with an SI prefix, three significant digits.</summary>
    public static string Si(double value, string unit)
    {
        if (value == 0) return $"0 {unit}";
        string[] prefixes = ["p", "n", "µ", "m", "", "k", "M", "G"];
        int i = Math.Clamp((int)Math.Floor(Math.Log10(Math.Abs(value)) / 3) + 4, 0, prefixes.Length - 1);
        return $"{(value / Math.Pow(1000, i - 4)).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} {prefixes[i]}{unit}";
    }
}
