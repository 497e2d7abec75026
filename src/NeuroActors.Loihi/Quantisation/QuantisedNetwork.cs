namespace NeuroActors.Loihi.Quantisation;

/// <summary>The quantisation of a model's float populations on Loihi and of their inputs (<see cref="LoihiQuantiser.Quantise"/>).</summary>
/// <param name="Populations">One per quantised population, in model order.</param>
/// <param name="Inputs">One per projection or Poisson generator stimulus into a quantised population, projections first.</param>
public sealed record QuantisedNetwork(IReadOnlyList<QuantisedPopulation> Populations, IReadOnlyList<QuantisedInput> Inputs)
{
    /// <summary>The quantisation of population <paramref name="index"/> (its index in the model), or null when it is not quantised.</summary>
    public QuantisedPopulation? Population(int index) => Populations.FirstOrDefault(p => p.Index == index);

    /// <summary>The scale of projection <paramref name="index"/>, or null when its target is not quantised.</summary>
    public QuantisedInput? Projection(int index) => Inputs.FirstOrDefault(i => i.Projection == index);

    /// <summary>The scale of stimulus <paramref name="index"/>, or null when its target is not quantised (or it is not a Poisson generator).</summary>
    public QuantisedInput? Stimulus(int index) => Inputs.FirstOrDefault(i => i.Stimulus == index);

    /// <summary>The quantisation report: the parameters chosen and the weight error, as text tables.</summary>
    public override string ToString() => QuantisationReport.Format(this);
}
