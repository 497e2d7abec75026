using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Snn;

/// <summary>
/// snn_leaky and leaky_readout populations against the engine's forward pass written plainly (SnnReference), for
/// small random networks of two hidden layers with biases, every reset mode and timing, synaptic currents, recurrence
/// and adaptation: the simulator's spikes, shifted by one step per layer, are the reference's, and the readout's
/// potentials are the reference's bit for bit, on 1, 2 and 3 shards.
/// </summary>
public class SnnLeakyReferenceTests
{
    private const int Inputs = 20, Steps = 40, Classes = 5;

    public static TheoryData<int, bool, double, bool, double, bool> Configurations() => new()
    {
        // reset, same step, alpha, recurrent, adaptation strength, reset by the adaptive threshold
        { 0, false, 0.0, false, 0.0, false },
        { 0, false, 0.7, false, 0.0, false },
        { 0, true, 0.5, false, 0.0, false },
        { 1, false, 0.6, false, 0.0, false },
        { 1, true, 0.0, false, 0.0, false },
        { 2, false, 0.4, false, 0.0, false },
        { 2, true, 0.8, false, 0.0, false },
        { 0, false, 0.5, true, 0.0, false },
        { 0, false, 0.3, false, 0.2, false },
        { 0, true, 0.3, true, 0.3, true },
        { 0, false, 0.0, false, 0.25, true },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Spikes_and_readout_equal_the_engines_forward_pass_on_any_number_of_shards(int reset, bool sameStep, double alpha,
        bool recurrent, double strength, bool adaptiveReset)
    {
        int seed = reset * 100 + (sameStep ? 10 : 0) + (int)(alpha * 10) + (recurrent ? 1000 : 0) + (int)(strength * 10000) + (adaptiveReset ? 7 : 0);
        var (layers, readout) = SnnReference.Random(seed, Inputs, [12, 9], Classes, reset, sameStep, alpha, recurrent, strength, adaptiveReset);
        var input = SnnReference.RandomInput(seed + 1, Inputs, Steps, 0.15);
        var (spikes, potentials) = SnnReference.Forward(Steps, t => input[t], layers, readout);
        // Enough activity in each layer for the comparison to mean something, and not every neuron firing all the time.
        foreach (var layer in spikes)
        {
            int count = layer.Sum(s => s.Count(x => x)), size = layer[0].Length;
            Assert.True(count >= Steps / 2 && count <= Steps * size * 9 / 10, $"{count} spikes in a layer of {size}");
        }

        var spec = SnnNetworks.Spec(Inputs, input, layers, readout);
        foreach (int shards in new[] { 1, 2, 3 })
        {
            var kernels = TestNetworks.Run(spec, shards);
            AssertSpikes(spec, spikes, TestNetworks.Spikes(kernels), shards);
            var v = ReadoutV(kernels, Classes, Steps + layers.Length + 1);
            for (int t = 0; t < Steps; t++)
                for (int c = 0; c < Classes; c++)
                    if (BitConverter.DoubleToInt64Bits(v[c][t + layers.Length + 1]) != BitConverter.DoubleToInt64Bits(potentials[t][c]))
                        Assert.Fail($"{shards} shards: readout {c} at engine step {t} is {v[c][t + layers.Length + 1]:R}, the reference {potentials[t][c]:R}");
        }
    }

    /// <summary>Hidden layer l's spikes at simulation step t + l are the reference's at engine step t, and there are no others.</summary>
    internal static void AssertSpikes(NetworkSpec spec, bool[][][] reference, long[] simulated, int shards)
    {
        var expected = new List<(long Step, int Gid)>();
        int offset = spec.Populations[0].Size;
        for (int l = 0; l < reference.Length; l++)
        {
            for (int t = 0; t < reference[l].Length; t++)
                for (int j = 0; j < reference[l][t].Length; j++)
                    if (reference[l][t][j]) expected.Add((t + l + 1, offset + j));
            offset += reference[l][0].Length;
        }
        // Layer l runs on for the steps its layers above still need; what it does after step T − 1 + l answers no input.
        int steps = reference[0].Length;
        int LayerOf(int gid)
        {
            int first = spec.Populations[0].Size;
            for (int l = 0; l < reference.Length; l++) { first += reference[l][0].Length; if (gid < first) return l + 1; }
            return int.MaxValue;
        }
        var hidden = simulated.Select(e => (SpikeEvent.Step(e), SpikeEvent.Gid(e)))
            .Where(e => e.Item2 >= spec.Populations[0].Size && e.Item1 < steps + LayerOf(e.Item2)).ToArray();
        Assert.True(expected.Order().SequenceEqual(hidden.Order()), $"{shards} shards: {hidden.Length} hidden spikes, the reference has {expected.Count}; first differences: " +
            string.Join(" ", expected.Order().Except(hidden).Take(5)) + " / " + string.Join(" ", hidden.Order().Except(expected).Take(5)));
    }

    /// <summary>The readout's v per class per simulation step.</summary>
    private static double[][] ReadoutV(IReadOnlyList<IShardBackend> kernels, int classes, int steps)
    {
        var v = Enumerable.Range(0, classes).Select(_ => new double[steps]).ToArray();
        foreach (var probe in kernels.SelectMany(k => k.Recordings.Probes))
            for (int n = 0; n < probe.Neurons.Length; n++)
                for (int s = 0; s < probe.Steps.Count; s++)
                    v[probe.Neurons[n]][probe.Steps[s]] = probe.Values[0][n][s];
        return v;
    }
}
