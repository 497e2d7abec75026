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
                console.WriteLine($"  {n.Node}: {n.Shards} shards, compute {n.ComputeSeconds:0.00} s, waiting {n.WaitSeconds:0.00} s (summed over shards)" +
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
        foreach (var recovery in s.Recoveries ?? []) console.WriteLine($"recovered: {recovery.Describe()}");
        if (checkpointPath is not null) console.WriteLine($"checkpoint: {checkpointPath}");
        console.WriteLine($"results: {outDir}");
    }
}
