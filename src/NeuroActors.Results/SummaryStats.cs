namespace NeuroActors.Results;

/// <summary>Mean firing rate and irregularity of one population.</summary>
/// <param name="RateHz">Spikes per recorded neuron per second.</param>
/// <param name="CvIsi">Mean over neurons with at least two interspike intervals of std(ISI)/mean(ISI); null when no neuron has two.</param>
public sealed record SummaryStats(double RateHz, double? CvIsi)
{
    /// <summary>Statistics of <paramref name="spikes"/> recorded over <paramref name="seconds"/> of biological time.</summary>
    public static SummaryStats ForPopulation(PopulationSpikes spikes, double seconds)
    {
        double rate = spikes.RecordedNeurons > 0 && seconds > 0 ? spikes.NeuronIds.Length / (spikes.RecordedNeurons * seconds) : 0;
        return new SummaryStats(rate, MeanCv(spikes));
    }

    private static double? MeanCv(PopulationSpikes spikes)
    {
        // Spikes are sorted by time, so each neuron's train comes out in order.
        var trains = new Dictionary<int, List<double>>();
        for (int i = 0; i < spikes.NeuronIds.Length; i++)
        {
            if (!trains.TryGetValue(spikes.NeuronIds[i], out var train)) trains[spikes.NeuronIds[i]] = train = [];
            train.Add(spikes.TimesMs[i]);
        }
        double sum = 0;
        int counted = 0;
        foreach (var train in trains.Values)
        {
            if (train.Count < 3) continue;
            double mean = (train[^1] - train[0]) / (train.Count - 1);
            double squares = 0;
            for (int k = 1; k < train.Count; k++)
            {
                double d = train[k] - train[k - 1] - mean;
                squares += d * d;
            }
            sum += Math.Sqrt(squares / (train.Count - 1)) / mean;
            counted++;
        }
        return counted > 0 ? sum / counted : null;
    }
}
