using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeuroActors.Results;

namespace NeuroActors.Cli;

/// <summary>The figures of one repeat of one model, read from the summary.json its run wrote.</summary>
/// <param name="Repeat">Repeat number, from 1.</param>
/// <param name="BuildSeconds">Wall time to build the network.</param>
/// <param name="SimulationSeconds">Wall time to simulate.</param>
/// <param name="BiologicalMs">Biological time simulated.</param>
/// <param name="RealTimeFactor">Simulation wall time per biological time.</param>
/// <param name="SynapticEvents">Synaptic events delivered.</param>
/// <param name="SynapticEventsPerSecond">Synaptic events per second of simulation wall time.</param>
/// <param name="BytesPerSynapse">Synapse storage per synapse.</param>
/// <param name="PeakMemoryMib">Peak working set of the run process (with several processes: the coordinator, which hosts shards too).</param>
/// <param name="WorkerPeakMemoryMib">Peak resident memory of each worker process; null without worker processes, or when the OS did not report it.</param>
/// <param name="ComputeSeconds">Time the shards spent computing, summed over shards (null when the summary has no communication section).</param>
/// <param name="WaitSeconds">Time the shards spent waiting for packets, summed over shards (null likewise).</param>
/// <param name="SerializationSeconds">Time the processes spent encoding and decoding messages, summed over nodes (null in one process).</param>
public sealed record BenchRun(int Repeat, double BuildSeconds, double SimulationSeconds, double BiologicalMs, double RealTimeFactor,
    long SynapticEvents, double SynapticEventsPerSecond, double BytesPerSynapse, double PeakMemoryMib, IReadOnlyList<double>? WorkerPeakMemoryMib,
    double? ComputeSeconds, double? WaitSeconds, double? SerializationSeconds)
{
    /// <summary>The figures of <paramref name="summary"/>; <paramref name="workerPeakMib"/> is measured by the harness, not read.</summary>
    public static BenchRun From(int repeat, Summary summary, IReadOnlyList<double>? workerPeakMib)
    {
        var t = summary.Timing;
        var nodes = summary.Communication?.Nodes;
        var serialization = nodes?.Select(n => n.SerializationSeconds).ToList();
        return new BenchRun(repeat, t.BuildSeconds, t.SimulationSeconds, summary.EndMs - summary.StartMs, t.RealTimeFactor,
            summary.Totals.SynapticEvents, t.SynapticEventsPerSecond, summary.Totals.BytesPerSynapse, t.PeakMemoryMib, workerPeakMib,
            nodes?.Sum(n => n.ComputeSeconds), nodes?.Sum(n => n.WaitSeconds),
            serialization is { Count: > 0 } && serialization.All(s => s is not null) ? serialization.Sum() : null);
    }
}

/// <summary>Median, smallest and largest value of a figure over the repeats.</summary>
/// <param name="Median">Median (the mean of the middle two for an even number of repeats).</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public sealed record BenchStat(double Median, double Min, double Max)
{
    /// <summary>The statistics of <paramref name="values"/>, or null when any value is missing (or there is none).</summary>
    public static BenchStat? Of(IEnumerable<double?> values)
    {
        var list = values.ToList();
        if (list.Count == 0 || list.Any(v => v is null)) return null;
        var sorted = list.Select(v => v!.Value).Order().ToArray();
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new BenchStat(median, sorted[0], sorted[^1]);
    }
}

/// <summary>One model's result over all its repeats.</summary>
/// <param name="Model">Model name.</param>
/// <param name="File">Model file as given.</param>
/// <param name="Neurons">Neurons in the model.</param>
/// <param name="Synapses">Synapses built.</param>
/// <param name="Shards">Shards the runs used.</param>
/// <param name="Processes">Processes that host shards, the run's own included (1: the run's own process simulates alone).</param>
/// <param name="PacketsPerWindow">Packets each window was sent as (<c>--packets-per-window</c>, or the run's default).</param>
/// <param name="BiologicalMs">Biological time of each run.</param>
/// <param name="BuildSeconds">Build wall time.</param>
/// <param name="SimulationSeconds">Simulation wall time.</param>
/// <param name="RealTimeFactor">Real-time factor.</param>
/// <param name="SynapticEventsPerSecond">Synaptic events per second.</param>
/// <param name="BytesPerSynapse">Bytes of synapse storage per synapse.</param>
/// <param name="PeakMemoryMib">Peak memory of the run process.</param>
/// <param name="WorkerPeakMemoryMib">Peak memory of the largest worker process (besides the run's own) of each run; null without worker processes.</param>
/// <param name="ComputeSeconds">Shard compute time, summed over shards.</param>
/// <param name="WaitSeconds">Shard waiting time, summed over shards.</param>
/// <param name="SerializationSeconds">Serialization time of the processes that host shards; null in one process.</param>
/// <param name="Runs">Every repeat.</param>
public sealed record BenchModel(string Model, string File, long Neurons, long Synapses, int Shards, int Processes, int PacketsPerWindow, double BiologicalMs,
    BenchStat BuildSeconds, BenchStat SimulationSeconds, BenchStat RealTimeFactor, BenchStat SynapticEventsPerSecond, BenchStat BytesPerSynapse,
    BenchStat PeakMemoryMib, BenchStat? WorkerPeakMemoryMib, BenchStat? ComputeSeconds, BenchStat? WaitSeconds, BenchStat? SerializationSeconds,
    IReadOnlyList<BenchRun> Runs)
{
    /// <summary>Aggregates the runs of one model; <paramref name="last"/> is the summary of any of them (for counts that do not vary).</summary>
    public static BenchModel Of(string file, Summary last, int processes, IReadOnlyList<BenchRun> runs) => new(
        last.Model, file, last.Totals.Neurons, last.Totals.Synapses, last.Shards, processes, last.Communication?.WindowParts ?? 1, last.EndMs - last.StartMs,
        Stat(runs, r => r.BuildSeconds)!, Stat(runs, r => r.SimulationSeconds)!, Stat(runs, r => r.RealTimeFactor)!,
        Stat(runs, r => r.SynapticEventsPerSecond)!, Stat(runs, r => r.BytesPerSynapse)!, Stat(runs, r => r.PeakMemoryMib)!,
        Stat(runs, r => r.WorkerPeakMemoryMib?.Max()), Stat(runs, r => r.ComputeSeconds), Stat(runs, r => r.WaitSeconds),
        Stat(runs, r => r.SerializationSeconds), runs);

    private static BenchStat? Stat(IEnumerable<BenchRun> runs, Func<BenchRun, double?> figure) => BenchStat.Of(runs.Select(figure));
}

/// <summary>The machine the figures were measured on.</summary>
/// <param name="Os">Operating system.</param>
/// <param name="Cores">Logical processors.</param>
/// <param name="Runtime">.NET runtime.</param>
public sealed record BenchMachine(string Os, int Cores, string Runtime)
{
    /// <summary>This machine.</summary>
    public static BenchMachine Current => new(RuntimeInformation.OSDescription, Environment.ProcessorCount, RuntimeInformation.FrameworkDescription);
}

/// <summary>The content of <c>bench.json</c>.</summary>
/// <param name="CreatedUtc">When the benchmark finished.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="Repeats">Runs per model.</param>
/// <param name="DurationMs">The --duration given, or null for each model's own.</param>
/// <param name="Notes">Where each figure comes from.</param>
/// <param name="Models">One entry per model, in the order given.</param>
public sealed record BenchReport(DateTime CreatedUtc, BenchMachine Machine, int Repeats, double? DurationMs, IReadOnlyList<string> Notes,
    IReadOnlyList<BenchModel> Models)
{
    /// <summary>File name of the JSON report.</summary>
    public const string JsonFile = "bench.json";

    /// <summary>File name of the markdown table.</summary>
    public const string MarkdownFile = "bench.md";

    /// <summary>What every report says about its sources, so that a reader of the JSON alone knows what was measured how.</summary>
    public static readonly IReadOnlyList<string> SourceNotes =
    [
        "each repeat ran in a fresh 'neuroactors run' process; every figure except worker_peak_memory_mib is read from that run's summary.json",
        "statistics are the median, min and max over the repeats; runs lists every repeat",
        "peak_memory_mib is the peak working set of the run process (with several processes: the coordinator, which hosts its share of the shards too)",
        "worker_peak_memory_mib is the peak resident memory (VmHWM) of each 'neuroactors node' worker, read by the harness from the operating system " +
        "just before stopping it; the aggregate is over the largest worker of each run; null when there are no worker processes or the OS did not report it",
        "compute_seconds and wait_seconds are summed over shards; serialization_seconds over the processes that host shards (null in one process)",
    ];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // The file is read by people and scripts, not embedded in HTML: keep quotes and dashes legible.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <c>bench.json</c> and <c>bench.md</c> into <paramref name="dir"/>.</summary>
    public void Write(string dir)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, JsonFile), JsonSerializer.Serialize(this, Json));
        File.WriteAllText(Path.Combine(dir, MarkdownFile), BenchTable.Markdown(this));
    }
}
