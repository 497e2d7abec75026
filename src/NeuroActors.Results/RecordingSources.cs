namespace NeuroActors.Results;

/// <summary>A population whose spikes were recorded.</summary>
/// <param name="Name">Population name.</param>
/// <param name="Size">Population size.</param>
/// <param name="RecordedNeurons">How many of its neurons were recorded (for rates).</param>
public sealed record SpikePopulation(string Name, int Size, int RecordedNeurons);

/// <summary>
/// Receives spikes in blocks. The spans are only valid during the call: a source reuses its buffers.
/// </summary>
/// <param name="populations">Index of each spike's population in <see cref="ISpikeSource.Populations"/>.</param>
/// <param name="neurons">Index of each spike's sender within its population.</param>
/// <param name="timesMs">Spike times in ms.</param>
public delegate void SpikeBlockHandler(ReadOnlySpan<int> populations, ReadOnlySpan<int> neurons, ReadOnlySpan<double> timesMs);

/// <summary>
/// A run's recorded spikes, read in blocks so that whoever writes them never needs them all in memory
/// (an in-memory <see cref="RunResult"/> and a store on disk both provide one).
/// </summary>
public interface ISpikeSource
{
    /// <summary>Recorded populations in model order.</summary>
    IReadOnlyList<SpikePopulation> Populations { get; }

    /// <summary>
    /// Hands every recorded spike to <paramref name="handler"/> once, in global order: time, then population
    /// (model order), then neuron.
    /// </summary>
    void ReadOrdered(SpikeBlockHandler handler);
}

/// <summary>
/// One state variable of a recorder, read in pieces: rows are neurons (ascending ids), columns are samples.
/// </summary>
public interface ITraceSource
{
    /// <summary>Population name.</summary>
    string Population { get; }

    /// <summary>Variable name.</summary>
    string Variable { get; }

    /// <summary>Unit of the values.</summary>
    string Unit { get; }

    /// <summary>Recorded neuron indices within the population, ascending; row i holds neuron <c>NeuronIds[i]</c>.</summary>
    IReadOnlyList<int> NeuronIds { get; }

    /// <summary>Number of samples per neuron.</summary>
    long Samples { get; }

    /// <summary>Fills <paramref name="timesMs"/> with the times of samples <paramref name="first"/> onwards.</summary>
    void ReadTimes(long first, Span<double> timesMs);

    /// <summary>Fills <paramref name="values"/> with row <paramref name="row"/>'s samples from <paramref name="first"/> onwards.</summary>
    void ReadValues(int row, long first, Span<double> values);
}

/// <summary>The in-memory form of <see cref="ISpikeSource"/>: the spikes of a <see cref="RunResult"/>.</summary>
internal sealed class PopulationSpikesSource(IReadOnlyList<PopulationSpikes> spikes) : ISpikeSource
{
    private const int Block = 4096;

    public IReadOnlyList<SpikePopulation> Populations { get; } =
        spikes.Select(p => new SpikePopulation(p.Population, p.Size, p.RecordedNeurons)).ToList();

    public void ReadOrdered(SpikeBlockHandler handler)
    {
        // Sorting every row (not merging the populations) keeps today's order even for a population handed over unsorted.
        var rows = new List<(double Time, int Population, int Neuron)>();
        for (int p = 0; p < spikes.Count; p++)
            for (int i = 0; i < spikes[p].NeuronIds.Length; i++)
                rows.Add((spikes[p].TimesMs[i], p, spikes[p].NeuronIds[i]));
        rows.Sort();
        var pops = new int[Block];
        var neurons = new int[Block];
        var times = new double[Block];
        for (int start = 0; start < rows.Count; start += Block)
        {
            int n = Math.Min(Block, rows.Count - start);
            for (int i = 0; i < n; i++) (times[i], pops[i], neurons[i]) = rows[start + i];
            handler(pops.AsSpan(0, n), neurons.AsSpan(0, n), times.AsSpan(0, n));
        }
    }
}

/// <summary>The in-memory form of <see cref="ITraceSource"/>.</summary>
internal sealed class StateTraceSource(StateTrace trace) : ITraceSource
{
    public string Population => trace.Population;
    public string Variable => trace.Variable;
    public string Unit => trace.Unit;
    public IReadOnlyList<int> NeuronIds => trace.NeuronIds;
    public long Samples => trace.TimesMs.Length;
    public void ReadTimes(long first, Span<double> timesMs) => trace.TimesMs.AsSpan((int)first, timesMs.Length).CopyTo(timesMs);
    public void ReadValues(int row, long first, Span<double> values) => trace.Values[row].AsSpan((int)first, values.Length).CopyTo(values);

    public static IReadOnlyList<ITraceSource> Of(IReadOnlyList<StateTrace> traces) => traces.Select(t => (ITraceSource)new StateTraceSource(t)).ToList();
}
