using NeuroActors.Model;

namespace NeuroActors.Results;

/// <summary>Recorded spikes of one population, sorted by time then neuron index.</summary>
/// <param name="Population">Population name.</param>
/// <param name="Size">Population size (for rates).</param>
/// <param name="RecordedNeurons">How many neurons were recorded (for rates).</param>
/// <param name="NeuronIds">Index within the population of each spike's sender.</param>
/// <param name="TimesMs">Spike times in ms.</param>
public sealed record PopulationSpikes(string Population, int Size, int RecordedNeurons, int[] NeuronIds, double[] TimesMs);

/// <summary>A state variable of chosen neurons sampled at regular times.</summary>
/// <param name="Population">Population name.</param>
/// <param name="Variable">Variable name (e.g. "v").</param>
/// <param name="Unit">Unit of the values.</param>
/// <param name="NeuronIds">Recorded neuron indices within the population.</param>
/// <param name="TimesMs">Sample times in ms.</param>
/// <param name="Values">Values[i][k]: neuron NeuronIds[i] at TimesMs[k].</param>
public sealed record StateTrace(string Population, string Variable, string Unit, int[] NeuronIds, double[] TimesMs, double[][] Values);

/// <summary>Counts and timings of one run, measured by the runtime.</summary>
/// <param name="Shards">Number of shards.</param>
/// <param name="Synapses">Synapses built.</param>
/// <param name="SynapseBytes">Bytes of synapse storage.</param>
/// <param name="Spikes">Spikes emitted by all neurons (recorded or not).</param>
/// <param name="SynapticEvents">Synaptic events delivered (spike × synapse, plus external Poisson events).</param>
/// <param name="BuildSeconds">Wall time to build the network.</param>
/// <param name="SimulationSeconds">Wall time to simulate.</param>
/// <param name="BiologicalMs">Biological time from <paramref name="StartMs"/> to where the run stands.</param>
/// <param name="PeakMemoryBytes">Peak working set of the process.</param>
/// <param name="StartMs">Biological time at which the recordings start: 0, or the checkpoint's time after a resume from one that carried no recordings.</param>
/// <param name="Communication">Per shard and node: compute and waiting time, packets and bytes exchanged.</param>
/// <param name="Backends">Per shard backend, in name order: its neurons, spikes and synaptic events (null when not counted).</param>
/// <param name="Recoveries">The losses of a worker node the run recovered from, in order (null when none).</param>
public sealed record RunStats(
    int Shards,
    long Synapses,
    long SynapseBytes,
    long Spikes,
    long SynapticEvents,
    double BuildSeconds,
    double SimulationSeconds,
    double BiologicalMs,
    long PeakMemoryBytes,
    double StartMs = 0,
    CommunicationReport? Communication = null,
    IReadOnlyList<BackendActivity>? Backends = null,
    IReadOnlyList<RunRecovery>? Recoveries = null)
{
    /// <summary>Wall time divided by biological time (below 1 is faster than real time).</summary>
    public double RealTimeFactor => BiologicalMs > 0 ? SimulationSeconds / (BiologicalMs / 1000.0) : 0;

    /// <summary>Synaptic events delivered per wall-clock second of simulation.</summary>
    public double SynapticEventsPerSecond => SimulationSeconds > 0 ? SynapticEvents / SimulationSeconds : 0;

    /// <summary>Bytes of synapse storage per synapse.</summary>
    public double BytesPerSynapse => Synapses > 0 ? (double)SynapseBytes / Synapses : 0;
}

/// <summary>Everything one run produced.</summary>
public sealed record RunResult(NetworkSpec Spec, IReadOnlyList<PopulationSpikes> Spikes, IReadOnlyList<StateTrace> Traces, RunStats Stats);
