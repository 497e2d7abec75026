using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>Small networks shared by the kernel tests.</summary>
public static class TestNetworks
{
    /// <summary>
    /// Recurrent excitation and inhibition among LIF neurons, Poisson drive, a Poisson source population, a
    /// conductance-based population, Izhikevich neurons, a spike-source array, dc and step currents on some neurons,
    /// heterogeneous delays and weights: everything partition invariance and checkpoints must survive.
    /// </summary>
    public static NetworkSpec Mixed(double durationMs = 200, ulong seed = 7) =>
        new NetworkBuilder("mixed", dtMs: 0.1, durationMs: durationMs, seed: seed)
            .Population("exc", 160, NeuronModel.IafPscDelta,
                new() { ["tau_m"] = 20, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 20, ["v_reset"] = 10, ["t_ref"] = 2 },
                new() { ["v"] = Distribution.Uniform(0, 20) })
            .Population("inh", 40, NeuronModel.IafPscExp,
                new() { ["tau_m"] = 10, ["e_l"] = -65, ["v_th"] = -50, ["v_reset"] = -65, ["tau_syn_ex"] = 2, ["tau_syn_in"] = 5 },
                new() { ["v"] = Distribution.NormalClipped(-60, 3, -70, -51) })
            .Population("cond", 30, NeuronModel.IafCondExp, new() { ["i_e"] = 300 })
            .PoissonSource("noise", 50, 30)
            .Projection("exc", "exc", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 16, AllowAutapses: false),
                new SynapseSpec(Receptor.Excitatory, Distribution.Normal(0.5, 0.1), Distribution.Uniform(1.0, 3.0)))
            .Projection("exc", "inh", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.1),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(60), Distribution.Constant(1.5)))
            .Projection("inh", "exc", new ConnectorSpec(ConnectorKind.FixedOutDegree, Degree: 20),
                new SynapseSpec(Receptor.Inhibitory, Distribution.Constant(-2.0), Distribution.NormalClipped(2, 0.5, 1, 4)))
            .Projection("inh", "cond", new ConnectorSpec(ConnectorKind.AllToAll),
                new SynapseSpec(Receptor.Inhibitory, Distribution.Uniform(0.5, 1.5), Distribution.Constant(1.0)))
            .Projection("noise", "cond", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.2),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(2.0), Distribution.Constant(1.2)))
            .Projection("exc", "exc", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(0.2), Distribution.Constant(5.0)))
            .Poisson("exc", rateHz: 12000, weight: 0.1)
            .Poisson("inh", rateHz: 8000, weight: 20)
            .RecordSpikes("exc").RecordSpikes("inh").RecordSpikes("cond").RecordSpikes("noise")
            .RecordState("inh", new[] { "v", "i_syn_ex" }, new[] { 0, 17, 39 })
            // Added after the rest, so that the populations, stimuli and recorders above keep their indices and gids.
            .Population("izh", 24, NeuronModel.Izhikevich, null,
                new() { ["v"] = Distribution.Uniform(-70, -60), ["u"] = Distribution.Constant(-13) })
            .SpikeSourceArray("array", [[1.0, 2.5, 40.0], [], [0.3, 0.4, 0.5, 120.7], [15.0], [3.3, 90.0, 199.9], [7.0, 7.1], [64.2], [150.0, 180.0]])
            .Projection("exc", "izh", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 8),
                new SynapseSpec(Receptor.Excitatory, Distribution.Normal(1.5, 0.3), Distribution.Uniform(1.0, 3.0)))
            .Projection("array", "izh", new ConnectorSpec(ConnectorKind.AllToAll),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(4.0), Distribution.Constant(1.0)))
            .Projection("array", "cond", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.5),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(3.0), Distribution.Constant(2.0)))
            .Projection("izh", "inh", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.2),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(30.0), Distribution.Constant(1.5)))
            .Dc("izh", 10, startMs: 10, stopMs: 150, neurons: Enumerable.Range(0, 12).ToArray())
            .Stimulus(new StimulusSpec(StimulusKind.StepCurrent, "izh", Enumerable.Range(12, 12).ToArray(),
                TimesMs: [0, 40, 120], AmplitudesPa: [4, 12, 0]))
            .Stimulus(new StimulusSpec(StimulusKind.StepCurrent, "inh", [1, 5, 17], TimesMs: [20, 60.5], AmplitudesPa: [150, 0]))
            .Dc("cond", 100, startMs: 30, stopMs: 90)
            .RecordSpikes("izh").RecordSpikes("array")
            .RecordState("izh", new[] { "v", "u" }, new[] { 0, 13, 23 })
            .Build();

    /// <summary>
    /// <see cref="Mixed"/> with its inh and cond populations on the test backend <see cref="Backends.FixedPointShard"/>
    /// (registered here): spikes cross between the two backends both ways (exc → inh → exc, noise → cond), a Poisson
    /// generator drives a fixed-point population, and a state recorder samples one.
    /// </summary>
    public static NetworkSpec MixedBackends(double durationMs = 200, ulong seed = 7)
    {
        Backends.FixedPointShard.Register();
        var spec = Mixed(durationMs, seed);
        return spec with
        {
            Populations = [.. spec.Populations.Select(p => p.Name is "inh" or "cond" ? p with { Backend = Backends.FixedPointShard.Name } : p)],
        };
    }

    /// <summary>
    /// The Vogels-Abbott COBA network of configs/vogels-abbott.yaml (4,000 iaf_cond_exp neurons driven by 200 pA, V
    /// uniform in [-60, -50) mV; scaled-down versions fall silent), or with <paramref name="brette2007"/> that of
    /// configs/vogels-abbott-brette2007.yaml (no input current, random initial V and conductances): one-step delays, so
    /// every window is one step, and recurrent irregular activity. Slices of 3,200/3 leave every vector path and the
    /// scalar tail work to do.
    /// </summary>
    public static NetworkSpec Coba(double durationMs = 50, ulong seed = 12345, bool brette2007 = false)
    {
        var parameters = new Dictionary<string, double>
        {
            ["c_m"] = 200, ["g_l"] = 10, ["e_l"] = -60, ["v_th"] = -50, ["v_reset"] = -60, ["t_ref"] = 5,
            ["e_ex"] = 0, ["e_in"] = -80, ["tau_syn_ex"] = 5, ["tau_syn_in"] = 10, ["i_e"] = brette2007 ? 0 : 200,
        };
        var initial = brette2007
            ? new Dictionary<string, Distribution>
            {
                ["v"] = Distribution.Normal(-65, 5), ["g_ex"] = Distribution.Normal(40, 15), ["g_in"] = Distribution.Normal(200, 120),
            }
            : new Dictionary<string, Distribution> { ["v"] = Distribution.Uniform(-60, -50) };
        var connector = new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.02);
        return new NetworkBuilder("coba", dtMs: 0.1, durationMs: durationMs, seed: seed)
            .Population("excitatory", 3200, NeuronModel.IafCondExp, parameters, initial)
            .Population("inhibitory", 800, NeuronModel.IafCondExp, parameters, initial)
            .Projection("excitatory", "excitatory", connector, new SynapseSpec(Receptor.Excitatory, Distribution.Constant(6), Distribution.Constant(0.1)))
            .Projection("excitatory", "inhibitory", connector, new SynapseSpec(Receptor.Excitatory, Distribution.Constant(6), Distribution.Constant(0.1)))
            .Projection("inhibitory", "excitatory", connector, new SynapseSpec(Receptor.Inhibitory, Distribution.Constant(67), Distribution.Constant(0.1)))
            .Projection("inhibitory", "inhibitory", connector, new SynapseSpec(Receptor.Inhibitory, Distribution.Constant(67), Distribution.Constant(0.1)))
            .RecordSpikes("excitatory").RecordSpikes("inhibitory")
            .Build();
    }

    /// <summary>A projection's synapses gathered from every shard, in canonical order.</summary>
    public static ProjectionWeights Weights(IEnumerable<IShardBackend> kernels, int projection)
    {
        var parts = kernels.Select(k => k.GetWeights(projection)).ToArray();
        var order = parts.SelectMany(p => Enumerable.Range(0, p.Count).Select(i => (p, i))).OrderBy(x => x.p.Target[x.i]).ToArray(); // stable
        return new ProjectionWeights([.. order.Select(x => x.p.Source[x.i])], [.. order.Select(x => x.p.Target[x.i])],
            [.. order.Select(x => x.p.Weight[x.i])], [.. order.Select(x => x.p.DelaySteps[x.i])]);
    }

    /// <summary>Sets every synapse of a projection to its weight scaled by 0.5, 1 or 1.5 in turn (signs kept), on every shard.</summary>
    public static float[] SetWeightsScaled(IReadOnlyList<IShardBackend> kernels, int projection, float factor = 1)
    {
        var w = Weights(kernels, projection);
        var scaled = w.Weight.Select((x, i) => x * factor * (0.5f + 0.5f * (i % 3))).ToArray();
        foreach (var k in kernels) k.SetWeights(projection, w.Source, w.Target, scaled);
        return scaled;
    }

    /// <summary>All recorded spikes of a sequential run, merged and sorted.</summary>
    public static long[] Spikes(IEnumerable<IShardBackend> kernels)
    {
        var all = kernels.SelectMany(k => k.Recordings.Spikes.ToArray()).ToArray();
        Array.Sort(all);
        return all;
    }

    /// <summary>Runs a spec through the sequential runner with <paramref name="shards"/> shards.</summary>
    public static IReadOnlyList<IShardBackend> Run(NetworkSpec spec, int shards, int scheduleSeed = 0) =>
        SequentialRunner.Run(new NetworkPlan(spec, shards), spec.Simulation.Steps, scheduleSeed: scheduleSeed);
}
