using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// A group of a model that reads every parameter per neuron (<see cref="NeuronModel.PerNeuronParameters"/>): one array
/// per parameter of the catalogue, in its order, filled from the population's lists or values. The update reads the
/// arrays; nothing is derived from them, so a change takes effect at the next step.
/// </summary>
public abstract class PerNeuronParameterGroup : VectorNeuronGroup
{
    private readonly string[] _names;
    private readonly double[] _population;

    /// <summary>Creates the group with the parameters of <paramref name="slice"/>'s neurons, one array per parameter of <paramref name="model"/>.</summary>
    protected PerNeuronParameterGroup(GroupSlice slice, NeuronModel model) : base(slice.Count, slice.DtMs)
    {
        _names = model.Parameters.Select(p => p.Name).ToArray();
        Values = new double[_names.Length][];
        var pop = slice.Pop;
        _population = _names.Select(name => pop.Param(name)).ToArray();
        for (int p = 0; p < _names.Length; p++)
        {
            Values[p] = new double[slice.Count];
            for (int i = 0; i < slice.Count; i++) Values[p][i] = pop.Param(_names[p], slice.Start + i);
        }
    }

    /// <summary>The parameters' values, [parameter in catalogue order][neuron].</summary>
    protected double[][] Values { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Parameters => _names;

    /// <summary>The first neuron's value; <see cref="NeuronGroup.GetParameter(string, int)"/> gives each neuron's.</summary>
    protected override double? ParameterValue(string name) => ParameterValue(name, 0);

    /// <inheritdoc/>
    protected override double? ParameterValue(string name, int neuron)
    {
        int p = Array.IndexOf(_names, name);
        // A shard may hold no neuron of the population: it answers with the population's value (or the default).
        return p < 0 ? null : Count == 0 ? _population[p] : Values[p][neuron];
    }

    /// <inheritdoc/>
    protected override bool TrySetParameter(string name, double value)
    {
        int p = Array.IndexOf(_names, name);
        if (p < 0) return false;
        Array.Fill(Values[p], value);
        _population[p] = value;
        return true;
    }

    /// <inheritdoc/>
    protected override bool TrySetParameter(string name, ReadOnlySpan<double> values)
    {
        int p = Array.IndexOf(_names, name);
        if (p < 0) return false;
        values.CopyTo(Values[p]);
        return true;
    }
}
