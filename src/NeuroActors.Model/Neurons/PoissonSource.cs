namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>A spike source firing as independent Poisson processes (Brian2's PoissonGroup); per-neuron rates go in the population's <c>rates</c>.</summary>
    public static NeuronModel PoissonSource { get; } = new("poisson_source", listed: 5,
        [P("rate", "Hz", 10, 0, Inf, "firing rate of every neuron")], [], weightUnit: "-", WeightSign.Any, isSource: true);
}
