using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// Drives one neuron group on its own, built by <see cref="NeuronGroupFactory"/> from a one-population spec exactly as a
/// shard builds it, with hand-made excitatory/inhibitory/current input per step. Used by the *ReferenceTests.
/// </summary>
public sealed class SingleGroupDriver
{
    private readonly double[] _ex, _in, _current;
    private readonly int[] _spiked;

    /// <summary>The group under test.</summary>
    public NeuronGroup Group { get; }

    /// <summary>Number of steps taken so far (the step index the next <see cref="Step"/> will use).</summary>
    public long StepIndex { get; private set; }

    private SingleGroupDriver(NeuronGroup group)
    {
        Group = group;
        _ex = new double[group.Count];
        _in = new double[group.Count];
        _current = new double[group.Count];
        _spiked = new int[group.Count];
    }

    /// <summary>A group of <paramref name="count"/> neurons of <paramref name="model"/> with the given parameters (others default).</summary>
    public static SingleGroupDriver Create(NeuronModel model, Dictionary<string, double> parameters, int count = 1,
        double dtMs = 0.1, Dictionary<string, Distribution>? initial = null, ulong seed = 1)
    {
        var spec = new NetworkBuilder("reference", dtMs: dtMs, durationMs: 1000, seed: seed)
            .Population("p", count, model, parameters, initial)
            .Build();
        return new SingleGroupDriver(NeuronGroupFactory.Create(spec, 0, 0, count, 0));
    }

    /// <summary>Wraps an already built group.</summary>
    public static SingleGroupDriver For(NeuronGroup group) => new(group);

    /// <summary>State variable <paramref name="name"/> of neuron <paramref name="i"/>.</summary>
    public double Get(string name, int i = 0) => Group.Variable(Group.VariableIndex(name))[i];

    /// <summary>Sets state variable <paramref name="name"/> of neuron <paramref name="i"/>.</summary>
    public void Set(string name, double value, int i = 0) => Group.Variable(Group.VariableIndex(name))[i] = value;

    /// <summary>One step with the same input for every neuron; returns whether neuron 0 spiked.</summary>
    public bool Step(double excitatory = 0, double inhibitory = 0, double current = 0)
    {
        Array.Fill(_ex, excitatory);
        Array.Fill(_in, inhibitory);
        Array.Fill(_current, current);
        int n = Group.Update(StepIndex++, _ex, _in, _current, _spiked);
        return n > 0 && _spiked[0] == 0;
    }

    /// <summary>One step without input; returns the indices of the neurons that spiked.</summary>
    public ReadOnlySpan<int> StepAll()
    {
        Array.Clear(_ex);
        Array.Clear(_in);
        Array.Clear(_current);
        int n = Group.Update(StepIndex++, _ex, _in, _current, _spiked);
        return _spiked.AsSpan(0, n);
    }

    /// <summary>Runs <paramref name="steps"/> steps without input and returns the step indices at which neuron 0 spiked.</summary>
    public List<long> SpikeSteps(long steps)
    {
        var spikes = new List<long>();
        for (long s = 0; s < steps; s++)
        {
            long index = StepIndex;
            if (Step()) spikes.Add(index);
        }
        return spikes;
    }
}
