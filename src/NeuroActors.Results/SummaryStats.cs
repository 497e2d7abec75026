namespace NeuroActors.Results;

/// <summary>Mean firing rate and irregularity of one population.</summary>
/// <param name="RateHz">Spikes per recorded neuron per second.</param>
/// <param name="CvIsi">Mean over neurons with at least two interspike intervals of std(ISI)/mean(ISI); null when no neuron has two.</param>
public sealed record SummaryStats(double RateHz, double? CvIsi)
{
    /// <summary>Statistics of <paramref name="spikes"/> recorded over <paramref name="seconds"/> of biological time.</summary>
    public static SummaryStats ForPopulation(PopulationSpikes spikes, double seconds)
    {
        var source = new PopulationSpikesSource([spikes]);
        var stats = new SpikeTrainStatistics(source.Populations);
        source.ReadOrdered(stats.FirstPass);
        source.ReadOrdered(stats.SecondPass);
        return stats.Result(0, seconds);
    }
}

/// <summary>
/// Rates and CV of ISIs computed from spikes read twice in global order, keeping only per-neuron state, so that
/// a run of any length is summarised in memory proportional to its neurons. The first pass counts and finds each
/// train's ends (the mean ISI); the second sums squared deviations from that mean, the textbook two-pass form,
/// which is what keeps the figures identical whether the spikes come from memory or from a store.
/// </summary>
internal sealed class SpikeTrainStatistics
{
    private readonly IReadOnlyList<SpikePopulation> _populations;
    private readonly int[][] _count, _seen;
    private readonly double[][] _first, _last, _previous, _squares;
    private readonly List<int>[] _order; // neurons in order of first spike: the order the per-neuron CVs are summed in

    public SpikeTrainStatistics(IReadOnlyList<SpikePopulation> populations)
    {
        _populations = populations;
        int n = populations.Count;
        _count = new int[n][]; _seen = new int[n][];
        _first = new double[n][]; _last = new double[n][]; _previous = new double[n][]; _squares = new double[n][];
        _order = new List<int>[n];
        Spikes = new long[n];
        for (int p = 0; p < n; p++)
        {
            int size = populations[p].Size;
            _count[p] = new int[size]; _seen[p] = new int[size];
            _first[p] = new double[size]; _last[p] = new double[size]; _previous[p] = new double[size]; _squares[p] = new double[size];
            _order[p] = [];
        }
    }

    /// <summary>Spikes per population seen in the first pass.</summary>
    public long[] Spikes { get; }

    public void FirstPass(ReadOnlySpan<int> populations, ReadOnlySpan<int> neurons, ReadOnlySpan<double> timesMs)
    {
        for (int i = 0; i < populations.Length; i++)
        {
            int p = populations[i], n = neurons[i];
            Spikes[p]++;
            if (_count[p][n]++ == 0)
            {
                _first[p][n] = timesMs[i];
                _order[p].Add(n);
            }
            _last[p][n] = timesMs[i];
        }
    }

    public void SecondPass(ReadOnlySpan<int> populations, ReadOnlySpan<int> neurons, ReadOnlySpan<double> timesMs)
    {
        for (int i = 0; i < populations.Length; i++)
        {
            int p = populations[i], n = neurons[i];
            int k = _seen[p][n]++;
            if (k > 0)
            {
                int count = _count[p][n];
                double mean = (_last[p][n] - _first[p][n]) / (count - 1);
                double d = timesMs[i] - _previous[p][n] - mean;
                _squares[p][n] += d * d;
            }
            _previous[p][n] = timesMs[i];
        }
    }

    public SummaryStats Result(int p, double seconds)
    {
        int recorded = _populations[p].RecordedNeurons;
        double rate = recorded > 0 && seconds > 0 ? Spikes[p] / (recorded * seconds) : 0;
        double sum = 0;
        int counted = 0;
        foreach (int n in _order[p])
        {
            int count = _count[p][n];
            if (count < 3) continue;
            double mean = (_last[p][n] - _first[p][n]) / (count - 1);
            sum += Math.Sqrt(_squares[p][n] / (count - 1)) / mean;
            counted++;
        }
        return new SummaryStats(rate, counted > 0 ? sum / counted : null);
    }
}
