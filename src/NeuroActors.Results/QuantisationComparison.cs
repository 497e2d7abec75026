namespace NeuroActors.Results;

/// <summary>
/// One population quantised onto Loihi against the same network on the float backend (<c>run --compare-float</c>):
/// the recorded spikes and mean rates of both runs and their differences, as summary.json's <c>quantisation</c> lists them.
/// </summary>
/// <param name="Population">The quantised population.</param>
/// <param name="LoihiSpikes">Spikes its recorded neurons emitted on Loihi.</param>
/// <param name="FloatSpikes">Spikes the same neurons emitted on the float backend.</param>
/// <param name="LoihiRateHz">Mean rate per recorded neuron on Loihi.</param>
/// <param name="FloatRateHz">Mean rate per recorded neuron on the float backend.</param>
/// <param name="SpikeDifference">LoihiSpikes − FloatSpikes.</param>
/// <param name="RateDifferenceHz">LoihiRateHz − FloatRateHz.</param>
/// <param name="RelativeDifference">(LoihiSpikes − FloatSpikes) / FloatSpikes; null when the float run had no spike.</param>
public sealed record QuantisationComparison(string Population, long LoihiSpikes, long FloatSpikes, double LoihiRateHz, double FloatRateHz,
    long SpikeDifference, double RateDifferenceHz, double? RelativeDifference)
{
    /// <summary>
    /// The comparison of every population named in <paramref name="quantised"/> that both summaries recorded, in the
    /// order of <paramref name="loihi"/>.
    /// </summary>
    public static IReadOnlyList<QuantisationComparison> Of(Summary loihi, Summary reference, IReadOnlyCollection<string> quantised) =>
    [
        .. loihi.Populations.Where(p => quantised.Contains(p.Name))
            .Select(p => (Loihi: p, Float: reference.Populations.FirstOrDefault(f => f.Name == p.Name)))
            .Where(x => x.Float is not null)
            .Select(x => new QuantisationComparison(x.Loihi.Name, x.Loihi.Spikes, x.Float!.Spikes, x.Loihi.RateHz, x.Float.RateHz,
                x.Loihi.Spikes - x.Float.Spikes, x.Loihi.RateHz - x.Float.RateHz,
                x.Float.Spikes > 0 ? (x.Loihi.Spikes - x.Float.Spikes) / (double)x.Float.Spikes : null)),
    ];

    /// <summary>The comparison in one line for the run's table.</summary>
    public string Describe()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return string.Create(c, $"{Population}: {LoihiSpikes:N0} spikes ({LoihiRateHz:0.###} Hz) on Loihi, {FloatSpikes:N0} ({FloatRateHz:0.###} Hz) on the float backend")
            + (RelativeDifference is { } r ? string.Create(c, $", {r * 100:+0.##;-0.##;0} %") : "");
    }
}
