using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Kernel.Tests.Snn;

/// <summary>
/// Between runs, a session reads and sets snn_leaky's parameters per neuron (learned β and θ differ from neuron to
/// neuron): each shard reports its own neurons' values, a new list takes effect from the next run as the reference
/// with those values computes it, and a value out of range is refused naming it.
/// </summary>
public class SnnLeakyParameterTests
{
    [Fact]
    public void Per_neuron_parameters_are_read_and_set_per_neuron_on_every_shard()
    {
        const int inputs = 15, steps = 30;
        var (layers, readout) = SnnReference.Random(5, inputs, [11, 7], 4, reset: 0, sameStep: false, alpha: 0.5);
        var input = SnnReference.RandomInput(6, inputs, steps, 0.2);
        var spec = SnnNetworks.Spec(inputs, input, layers, readout);
        var plan = new NetworkPlan(spec, 3);
        var kernels = Enumerable.Range(0, 3).Select(k => new ShardKernel(plan, k)).ToArray();

        Assert.Equal(layers[0].Beta, kernels.SelectMany(k => k.GetParameter(1, "beta")));
        Assert.Equal(layers[1].Theta, kernels.SelectMany(k => k.GetParameter(2, "threshold")));

        var theta = layers[0].Theta.Select((x, i) => (double)(float)(x * (0.7 + 0.05 * i))).ToArray();
        foreach (var k in kernels) k.SetParameter(1, "threshold", theta);
        SequentialRunner.Run(kernels, spec.Simulation.Steps);

        Assert.Equal(theta, kernels.SelectMany(k => k.GetParameter(1, "threshold")));
        var changed = layers.Select((l, i) => i == 0 ? l with { Theta = theta } : l).ToArray();
        var (spikes, _) = SnnReference.Forward(steps, t => input[t], changed, readout);
        var (before, _) = SnnReference.Forward(steps, t => input[t], layers, readout);
        Assert.NotEqual(before[0].SelectMany(s => s), spikes[0].SelectMany(s => s));
        SnnLeakyReferenceTests.AssertSpikes(spec, spikes, TestNetworks.Spikes(kernels), 3);

        var e = Assert.Throws<ArgumentException>(() => kernels[0].SetParameter(1, "reset", [0, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0]));
        Assert.StartsWith("population layer1 (1), parameter reset: value [2] = 3; valid: 0 (subtract), 1 (zero) or 2 (none)", e.Message);
    }
}
