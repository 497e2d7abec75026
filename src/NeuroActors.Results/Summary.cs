using NeuroActors.Model;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NeuroActors.Results;

/// <summary>Activity of one recorded population, as written to <c>summary.json</c>.</summary>
/// <param name="Name">Population name.</param>
/// <param name="Neurons">Population size.</param>
/// <param name="Recorded">Neurons whose spikes were recorded.</param>
/// <param name="Spikes">Spikes recorded.</param>
/// <param name="RateHz">Mean rate per recorded neuron.</param>
/// <param name="CvIsi">Mean coefficient of variation of interspike intervals (null when undefined).</param>
public sealed record PopulationSummary(string Name, int Neurons, int Recorded, long Spikes, double RateHz, double? CvIsi);

/// <summary>Network-wide counts of a run.</summary>
/// <param name="Neurons">Neurons in the model.</param>
/// <param name="Synapses">Synapses built.</param>
/// <param name="BytesPerSynapse">Synapse storage per synapse.</param>
/// <param name="Spikes">Spikes emitted by all neurons, recorded or not.</param>
/// <param name="SynapticEvents">Synaptic events delivered (recurrent and external Poisson).</param>
public sealed record TotalsSummary(long Neurons, long Synapses, double BytesPerSynapse, long Spikes, long SynapticEvents);

/// <summary>Where the time went.</summary>
/// <param name="BuildSeconds">Wall time to build the network.</param>
/// <param name="SimulationSeconds">Wall time to simulate.</param>
/// <param name="RealTimeFactor">Simulation wall time divided by biological time.</param>
/// <param name="SynapticEventsPerSecond">Synaptic events per wall-clock second of simulation.</param>
/// <param name="PeakMemoryMib">Peak working set of the process in MiB.</param>
public sealed record TimingSummary(double BuildSeconds, double SimulationSeconds, double RealTimeFactor, double SynapticEventsPerSecond, double PeakMemoryMib);

/// <summary>The content of <c>summary.json</c>: what a run did and what it produced.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Seed">Master seed.</param>
/// <param name="DtMs">Time step.</param>
/// <param name="StartMs">Biological time at which the recordings start: 0, or after a resume from a checkpoint without recordings, the checkpoint's time.</param>
/// <param name="EndMs">Biological time at which the run ended.</param>
/// <param name="Shards">Shard actors used.</param>
/// <param name="Populations">Recorded populations in model order.</param>
/// <param name="Totals">Network-wide counts.</param>
/// <param name="Timing">Wall times, rates and memory.</param>
/// <param name="SpikeFile">Name of the spike file in the results directory.</param>
/// <param name="TraceFile">Name of the state trace file, or null when nothing was recorded.</param>
/// <param name="Communication">Compute and waiting time, packets and bytes per shard and node (null when not measured).</param>
/// <param name="Energy">Energy estimates on neuromorphic hardware (null when the run did not count per backend).</param>
/// <param name="Recoveries">Losses of a worker node the run recovered from (null when none).</param>
/// <param name="Quantisation">
/// Per population quantised onto Loihi, its spikes and rate against the same network on the float backend (written
/// by <c>run --compare-float</c>; null otherwise).
/// </param>
public sealed record Summary(
    string Model,
    ulong Seed,
    double DtMs,
    double StartMs,
    double EndMs,
    int Shards,
    IReadOnlyList<PopulationSummary> Populations,
    TotalsSummary Totals,
    TimingSummary Timing,
    string SpikeFile,
    string? TraceFile,
    CommunicationReport? Communication = null,
    EnergySummary? Energy = null,
    IReadOnlyList<RunRecovery>? Recoveries = null,
    IReadOnlyList<QuantisationComparison>? Quantisation = null)
{
    /// <summary>File name inside a results directory.</summary>
    public const string FileName = "summary.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The summary of <paramref name="result"/>, naming the files written with it.</summary>
    public static Summary Of(RunResult result, string spikeFile, string? traceFile)
    {
        double seconds = result.Stats.BiologicalMs / 1000.0;
        var populations = result.Spikes.Select(p =>
        {
            var stats = SummaryStats.ForPopulation(p, seconds);
            return new PopulationSummary(p.Population, p.Size, p.RecordedNeurons, p.NeuronIds.Length, stats.RateHz, stats.CvIsi);
        }).ToList();
        return Of(result.Spec, result.Stats, populations, spikeFile, traceFile);
    }

    /// <summary>The summary of a run of <paramref name="spec"/> whose recorded populations are already summarised.</summary>
    public static Summary Of(NetworkSpec spec, RunStats stats, IReadOnlyList<PopulationSummary> populations, string spikeFile, string? traceFile)
    {
        var s = stats;
        var sim = spec.Simulation;
        return new Summary(sim.Name, sim.Seed, sim.DtMs, s.StartMs, s.StartMs + s.BiologicalMs, s.Shards, populations,
            new TotalsSummary(spec.TotalNeurons, s.Synapses, s.BytesPerSynapse, s.Spikes, s.SynapticEvents),
            new TimingSummary(s.BuildSeconds, s.SimulationSeconds, s.RealTimeFactor, s.SynapticEventsPerSecond, s.PeakMemoryBytes / 1048576.0),
            spikeFile, traceFile, s.Communication, EnergySummary.Of(spec, s), s.Recoveries is { Count: > 0 } r ? r : null);
    }

    /// <summary>Writes the summary as indented JSON with snake_case keys.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    /// <summary>Reads a summary written by <see cref="Write"/>.</summary>
    /// <exception cref="ResultsException">The file is missing or is not a summary.</exception>
    public static Summary Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Summary>(File.ReadAllText(path), Json)
                ?? throw new ResultsException($"'{path}' is empty");
        }
        catch (JsonException ex)
        {
            throw new ResultsException($"'{path}' is not a NeuroActors summary: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ResultsException($"cannot read '{path}': {ex.Message}", ex);
        }
    }
}
