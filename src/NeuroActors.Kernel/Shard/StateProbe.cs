using System.Runtime.CompilerServices;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>A state recorder's neurons in one shard and the values sampled so far.</summary>
public sealed class StateProbe
{
    internal StateProbe(RecorderSpec recorder, int population, int[] neurons, int[] groupIndex, int[] variables)
    {
        Recorder = recorder;
        Population = population;
        Neurons = neurons;
        _groupIndex = groupIndex;
        Variables = variables;
        Values = variables.Select(_ => neurons.Select(_ => new List<double>()).ToArray()).ToArray();
    }

    private readonly int[] _groupIndex;

    /// <summary>The recorder.</summary>
    public RecorderSpec Recorder { get; }
    /// <summary>Population index.</summary>
    public int Population { get; }
    /// <summary>Recorded neuron indices within the population.</summary>
    public int[] Neurons { get; }
    /// <summary>Variable indices within the group.</summary>
    public int[] Variables { get; }
    /// <summary>Steps after whose update a sample was taken.</summary>
    public List<long> Steps { get; } = new();
    /// <summary>Values[variable][neuron][sample].</summary>
    public List<double>[][] Values { get; }

    /// <summary>Drops the samples taken at <paramref name="step"/> and later.</summary>
    [BetweenRuns]
    internal void TruncateFrom(long step)
    {
        int keep = Steps.Count;
        while (keep > 0 && Steps[keep - 1] >= step) keep--;
        if (keep == Steps.Count) return;
        Steps.RemoveRange(keep, Steps.Count - keep);
        foreach (var variable in Values)
            foreach (var samples in variable) samples.RemoveRange(keep, samples.Count - keep);
    }

    /// <summary>Forgets every sample taken (once they have been handed on).</summary>
    internal void Clear()
    {
        Steps.Clear();
        foreach (var variable in Values)
            foreach (var samples in variable) samples.Clear();
    }

    /// <summary>
    /// Takes a sample after the update of <paramref name="step"/> from integer state (a fixed-point backend's):
    /// <paramref name="columns"/>[c] holds column c (the recorder's variable indices) for the population's neurons in
    /// this shard, in slice order.
    /// </summary>
    public void Sample(long step, IReadOnlyList<int[]> columns)
    {
        Steps.Add(step);
        for (int v = 0; v < Variables.Length; v++)
        {
            var values = columns[Variables[v]];
            for (int i = 0; i < Neurons.Length; i++) Values[v][i].Add(values[_groupIndex[i]]);
        }
    }

    /// <summary>
    /// Takes a sample after the update of <paramref name="step"/> from state a backend converted to the model's units:
    /// <paramref name="columns"/>[c] holds column c for the population's neurons in this shard, in slice order.
    /// </summary>
    public void Sample(long step, IReadOnlyList<double[]> columns)
    {
        Steps.Add(step);
        for (int v = 0; v < Variables.Length; v++)
        {
            var values = columns[Variables[v]];
            for (int i = 0; i < Neurons.Length; i++) Values[v][i].Add(values[_groupIndex[i]]);
        }
    }

    /// <summary>Takes a sample after the update of <paramref name="step"/> from <paramref name="group"/>, the population's neurons in this shard.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sample(long step, NeuronGroup group)
    {
        Steps.Add(step);
        for (int v = 0; v < Variables.Length; v++)
        {
            var values = group.Variable(Variables[v]);
            for (int i = 0; i < Neurons.Length; i++) Values[v][i].Add(values[_groupIndex[i]]);
        }
    }
}
