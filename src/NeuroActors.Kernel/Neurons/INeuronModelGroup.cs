using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// A neuron group that implements a model of the catalogue. <see cref="NeuronGroupFactory"/> finds every group of
/// this assembly that implements this interface and builds a population's slices with the one whose
/// <see cref="Model"/> is the population's: a new model's group is a new file, with no list or switch to extend.
/// </summary>
public interface INeuronModelGroup
{
    /// <summary>The model the group implements.</summary>
    static abstract NeuronModel Model { get; }

    /// <summary>
    /// The group for <paramref name="slice"/>, with the population's parameters (the catalogue's defaults filled in);
    /// the factory draws the initial state afterwards.
    /// </summary>
    static abstract NeuronGroup Create(GroupSlice slice);
}

/// <summary>What a group is built for: neurons [<paramref name="Start"/>, <paramref name="Start"/> + <paramref name="Count"/>) of population <paramref name="Population"/> of <paramref name="Spec"/>, whose first global id is <paramref name="FirstGid"/>.</summary>
public readonly record struct GroupSlice(NetworkSpec Spec, int Population, int Start, int Count, int FirstGid)
{
    /// <summary>The population.</summary>
    public PopulationSpec Pop => Spec.Populations[Population];

    /// <summary>The time step in ms.</summary>
    public double DtMs => Spec.Simulation.DtMs;

    /// <summary>A parameter of the population, its model's default when the model file gives none.</summary>
    public double Param(string name) => Pop.Param(name);
}
