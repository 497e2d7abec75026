using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// The initial value of one neuron's state variable, as <see cref="NeuronGroupFactory"/> gives it to the float groups:
/// for backends that hold their own state (emulated Loihi cores: loihi_lif's integer state, and the quantised initial
/// voltage of a float population), so that every backend starts a neuron from the same value under any cut.
/// </summary>
public static class InitialState
{
    /// <summary>
    /// The initial value of variable <paramref name="variable"/> (its index in the model's
    /// <see cref="NeuronModel.StateVariables"/>) of neuron <paramref name="neuron"/> (an index within population
    /// <paramref name="popIndex"/>) whose global id is <paramref name="gid"/>: the population's per-neuron value when it
    /// gives a list, else a draw from its distribution with the stream (seed, population, variable; gid), else the
    /// model default. Real-valued: a fixed-point backend rounds it.
    /// </summary>
    public static double Value(NetworkSpec spec, int popIndex, int variable, int neuron, int gid)
    {
        var pop = spec.Populations[popIndex];
        string name = pop.Model.StateVariables[variable];
        if (pop.InitialValue(name, neuron) is { } given) return given;
        if (!pop.Initial.TryGetValue(name, out var dist)) return pop.Model.DefaultInitial(pop, name);
        var rng = new RandomStream(spec.Simulation.Seed, Streams.Initial(popIndex, variable), (uint)gid);
        return dist.Draw(ref rng);
    }
}
