using BenchmarkDotNet.Attributes;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Benchmarks;

/// <summary>
/// <see cref="ShardKernel.Deliver"/>: one window's spikes added into the ring buffers through the synaptic rows of a
/// Brunel-like network held by one shard. Reported per synaptic event.
/// </summary>
/// <remarks>
/// The network has Brunel's (2000) proportions, 80 % excitatory and 20 % inhibitory neurons, and Brunel's fan-out
/// of 1,250 synapses per neuron (1,000 to the excitatory and 250 to the inhibitory population, delay 1.5 ms), but
/// drawn with a fixed out-degree instead of a fixed in-degree: every spike then causes exactly 1,250 events, so a
/// batch's event count is a constant and the result reads as time per event. Only the public kernel API is used,
/// so the benchmark keeps working whatever the synapse storage looks like.
/// </remarks>
public class SpikeDeliveryBenchmarks
{
    /// <summary>Synapses per neuron (Brunel's C_E + C_I seen from the source side).</summary>
    public const int FanOut = 1_250;

    /// <summary>
    /// Spikes per batch: about one window (1.5 ms) of the 12,500-neuron Brunel network firing at 37.5 Hz
    /// (12,500 × 37.5 Hz × 1.5 ms ≈ 700), rounded up.
    /// </summary>
    public const int Spikes = 1_024;

    private const double DelayMs = 1.5;
    private ShardKernel _kernel = null!;
    private long[] _batch = null!;

    /// <summary>Neurons in the network (and in the shard): the ring buffers and synapse rows outgrow the caches.</summary>
    [Params(2_500, 12_500, 50_000)]
    public int Neurons { get; set; }

    /// <summary>Builds the shard and a batch of spikes from random neurons, sorted by (step, gid) as the kernel requires.</summary>
    [GlobalSetup]
    public void Setup()
    {
        int inhibitory = Neurons / 5, excitatory = Neurons - inhibitory;
        var lif = new Dictionary<string, double> { ["tau_m"] = 20, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 20, ["v_reset"] = 10, ["t_ref"] = 2 };
        var builder = new NetworkBuilder("brunel-like", dtMs: 0.1)
            .Population("excitatory", excitatory, NeuronModel.IafPscDelta, lif)
            .Population("inhibitory", inhibitory, NeuronModel.IafPscDelta, lif);
        foreach (var (source, receptor, weight) in new[] { ("excitatory", Receptor.Excitatory, 0.1), ("inhibitory", Receptor.Inhibitory, -0.5) })
        {
            var synapse = new SynapseSpec(receptor, Distribution.Constant(weight), Distribution.Constant(DelayMs));
            builder.Projection(source, "excitatory", new ConnectorSpec(ConnectorKind.FixedOutDegree, Degree: FanOut * 4 / 5), synapse)
                   .Projection(source, "inhibitory", new ConnectorSpec(ConnectorKind.FixedOutDegree, Degree: FanOut / 5), synapse);
        }
        var plan = new NetworkPlan(builder.Build(), 1);
        _kernel = new ShardKernel(plan, 0);
        if (_kernel.SynapseCount != (long)Neurons * FanOut)
            throw new InvalidOperationException($"expected {Neurons * (long)FanOut} synapses, the kernel built {_kernel.SynapseCount}");

        var random = new System.Random(1);
        _batch = new long[Spikes];
        for (int i = 0; i < Spikes; i++) _batch[i] = SpikeEvent.Pack(random.Next(plan.WindowSteps), random.Next(Neurons));
        Array.Sort(_batch);
    }

    /// <summary>Delivers the batch: <see cref="Spikes"/> × <see cref="FanOut"/> synaptic events.</summary>
    /// <remarks>
    /// The ring buffers are never drained, so the same slots keep accumulating; the work per event is the same as in
    /// a run, where the neuron updates empty each slot as they read it.
    /// </remarks>
    [Benchmark(OperationsPerInvoke = Spikes * FanOut)]
    public long Deliver()
    {
        _kernel.Deliver(_batch);
        return _kernel.EventCount;
    }
}
