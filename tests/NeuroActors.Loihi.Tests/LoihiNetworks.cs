using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Tests;

/// <summary>Small networks of loihi_lif populations for the shard tests (dt = 1 ms: delays in ms are steps).</summary>
internal static class LoihiNetworks
{
    /// <summary>Per-neuron thresholds of population a (vth 40..150).</summary>
    public static double[] VthA { get; } = [.. Enumerable.Range(0, 23).Select(i => 40.0 + (i * 37 % 111))];

    /// <summary>Per-neuron bias mantissas of a: some drive their neuron over threshold alone, some do not.</summary>
    public static double[] BiasA { get; } = [.. Enumerable.Range(0, 23).Select(i => (double)(i * 53 % 400 - 40))];

    /// <summary>Initial u and v of a.</summary>
    public static double[] UA { get; } = [.. Enumerable.Range(0, 23).Select(i => (double)(i * 977 % 9000 - 3000))];

    /// <inheritdoc cref="UA"/>
    public static double[] VA { get; } = [.. Enumerable.Range(0, 23).Select(i => (double)(i * 613 % 5000))];

    /// <summary>
    /// Two loihi_lif populations, a (23, per-neuron vth, bias and initial state) and b (17, refractory 2, Lava's reset
    /// every 50 steps at offset 7), with every weight format: mixed weights with delays 1..6 (a → b), inhibitory with
    /// weight_exp −1 (b → a), delay 62 (a → a), mixed normal weights with weight_exp −2 and 6 bits (b → b), and
    /// excitatory with weight_exp 1 and 5 bits (a → b), and a second projection of negative exponent into a (mixed, −3,
    /// delay 4), so that a has two input groups of its own. With <paramref name="poisson"/> a Poisson generator drives a;
    /// with <paramref name="drive"/> a spike-source array (a cpu population) does.
    /// </summary>
    public static NetworkSpec Pure(bool poisson = true, bool drive = false, double durationMs = 300)
    {
        LoihiShard.Register();
        var builder = new NetworkBuilder("loihi", dtMs: 1.0, durationMs: durationMs, seed: 11)
            .Population("a", 23, NeuronModel.LoihiLif, new() { ["du"] = 410, ["dv"] = 205 })
            .Population("b", 17, NeuronModel.LoihiLif, new()
            {
                ["du"] = 1000, ["dv"] = 100, ["vth"] = 60, ["bias_mant"] = 12, ["bias_exp"] = 2, ["refractory"] = 2,
                ["reset_interval"] = 50, ["reset_offset"] = 7,
            })
            .Projection("a", "b", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.4),
                new SynapseSpec(Receptor.Excitatory, Distribution.Uniform(-60, 200), Distribution.Uniform(1, 6)))
            .Projection("b", "a", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 4),
                new SynapseSpec(Receptor.Inhibitory, Distribution.Constant(-41), Distribution.Constant(2), WeightExp: -1))
            .Projection("a", "a", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(100), Distribution.Constant(62)))
            .Projection("b", "b", new ConnectorSpec(ConnectorKind.AllToAll, AllowAutapses: false),
                new SynapseSpec(Receptor.Excitatory, Distribution.Normal(-5, 30), Distribution.Constant(1), WeightExp: -2, NumWeightBits: 6))
            .Projection("a", "b", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 2),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(37), Distribution.Constant(3), WeightExp: 1, NumWeightBits: 5))
            .Projection("a", "a", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 3),
                new SynapseSpec(Receptor.Excitatory, Distribution.Uniform(-100, 120), Distribution.Constant(4), WeightExp: -3));
        if (poisson) builder.Poisson("a", rateHz: 150, weight: 30);
        if (drive)
            builder.SpikeSourceArray("drive", [[5, 6, 7, 40, 120], [12, 90, 91], [200, 201, 202, 203]])
                .Projection("drive", "a", new ConnectorSpec(ConnectorKind.AllToAll),
                    new SynapseSpec(Receptor.Excitatory, Distribution.Constant(50), Distribution.Constant(1)))
                .RecordSpikes("drive");
        builder.RecordSpikes("a").RecordSpikes("b")
            .RecordState("a", ["u", "v"], [0, 5, 22]).RecordState("b", ["v", "u"], [3, 16]);
        var spec = builder.Build();
        spec = spec with
        {
            Populations = [.. spec.Populations.Select(p => p.Name != "a" ? p : p with
            {
                ParameterLists = new Dictionary<string, double[]> { ["vth"] = VthA, ["bias_mant"] = BiasA },
                InitialLists = new Dictionary<string, double[]> { ["u"] = UA, ["v"] = VA },
            })],
        };
        ModelValidator.ThrowIfInvalid(spec);
        return spec;
    }

    /// <summary>
    /// <see cref="Pure"/> with a float population between the Loihi ones: exc (30 iaf_psc_exp, Poisson-driven) receives
    /// from a (300 pA, 2 ms) and projects onto b (mantissa 90, 3 ms), and a spike-source array drives a.
    /// </summary>
    public static NetworkSpec Mixed(double durationMs = 300)
    {
        var spec = Pure(poisson: true, drive: true, durationMs: durationMs);
        var extra = new NetworkBuilder("extra", dtMs: 1.0, durationMs: durationMs, seed: 11)
            .Population("exc", 30, NeuronModel.IafPscExp, new() { ["tau_m"] = 10, ["e_l"] = -65, ["v_th"] = -50, ["v_reset"] = -65, ["t_ref"] = 2 })
            .Build().Populations[0];
        spec = spec with
        {
            Populations = [.. spec.Populations, extra],
            Projections =
            [
                .. spec.Projections,
                new ProjectionSpec("a", "exc", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.3),
                    new SynapseSpec(Receptor.Excitatory, Distribution.Constant(300), Distribution.Constant(2))),
                new ProjectionSpec("exc", "b", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 3),
                    new SynapseSpec(Receptor.Excitatory, Distribution.Constant(90), Distribution.Constant(3))),
            ],
            Stimuli = [.. spec.Stimuli, new StimulusSpec(StimulusKind.PoissonGenerator, "exc", RateHz: 9000, Weight: 25)],
            Recorders = [.. spec.Recorders, new RecorderSpec(RecorderKind.Spikes, "exc")],
        };
        ModelValidator.ThrowIfInvalid(spec);
        return spec;
    }

    /// <summary>All recorded spikes of a run, sorted.</summary>
    public static long[] Spikes(IEnumerable<IShardBackend> shards)
    {
        var all = shards.SelectMany(k => k.Recordings.Spikes.ToArray()).ToArray();
        Array.Sort(all);
        return all;
    }

    /// <summary>Every state sample of a run, by (population, neuron, variable), in step order.</summary>
    public static double[] Traces(IEnumerable<IShardBackend> shards) => shards.SelectMany(k => k.Recordings.Probes)
        .SelectMany(p => p.Neurons.SelectMany((n, i) => p.Variables.Select((v, c) => (p.Population, n, v, values: p.Values[c][i]))))
        .OrderBy(x => x.Population).ThenBy(x => x.n).ThenBy(x => x.v).SelectMany(x => x.values).ToArray();

    /// <summary>Runs a spec with <paramref name="shards"/> shards.</summary>
    public static IReadOnlyList<IShardBackend> Run(NetworkSpec spec, int shards, int scheduleSeed = 0, int packetsPerWindow = 1) =>
        SequentialRunner.Run(new NetworkPlan(spec, shards), spec.Simulation.Steps, scheduleSeed: scheduleSeed, packetsPerWindow: packetsPerWindow);
}
