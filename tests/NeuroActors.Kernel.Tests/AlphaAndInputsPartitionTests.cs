using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// Partition invariance and checkpoints of the inputs learning experiments use: iaf_psc_alpha neurons (recurrent,
/// excitatory and inhibitory alpha currents) driven by Poisson generators, homogeneous and inhomogeneous, on 1, 2, 3
/// and 7 shards.
/// </summary>
public class AlphaAndInputsPartitionTests
{
    /// <summary>The network: 120 + 30 iaf_psc_alpha neurons with recurrent synapses and Poisson drive, part of it with rates that change.</summary>
    public static NetworkSpec Network(double durationMs = 150, ulong seed = 11) =>
        new NetworkBuilder("alpha-inputs", dtMs: 0.1, durationMs: durationMs, seed: seed)
            .Population("exc", 120, NeuronModel.IafPscAlpha, new() { ["tau_syn_ex"] = 0.5, ["tau_syn_in"] = 3 },
                new() { ["v"] = Distribution.Uniform(-70, -56) })
            .Population("inh", 30, NeuronModel.IafPscAlpha, new() { ["tau_m"] = 8, ["t_ref"] = 1 })
            .Projection("exc", "exc", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 12),
                new SynapseSpec(Receptor.Excitatory, Distribution.Uniform(40, 80), Distribution.Uniform(1.0, 2.5)))
            .Projection("exc", "inh", new ConnectorSpec(ConnectorKind.FixedProbability, Probability: 0.2),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(90), Distribution.Constant(1.0)))
            .Projection("inh", "exc", new ConnectorSpec(ConnectorKind.FixedOutDegree, Degree: 25),
                new SynapseSpec(Receptor.Inhibitory, Distribution.Uniform(-200, -100), Distribution.Constant(1.5)))
            .Poisson("exc", rateHz: 9000, weight: 60)
            .Poisson("inh", rateHz: 4000, weight: 25)
            .InhomogeneousPoisson("inh", [0, 50, 100], [1000, 3000, 200], weight: 10, neurons: Enumerable.Range(0, 20).ToArray())
            .InhomogeneousPoisson("exc", [30, 90], [3000, 0], weight: -15, receptor: Receptor.Inhibitory)
            .RecordSpikes("exc").RecordSpikes("inh")
            .RecordState("exc", ["v", "i_syn_ex", "i_syn_in", "di_syn_ex"], [0, 61, 119])
            .Build();

    private static readonly Lazy<IReadOnlyList<IShardBackend>> Reference = new(() => TestNetworks.Run(Network(), 1));

    private static double[] Traces(IEnumerable<IShardBackend> kernels) => kernels
        .SelectMany(k => k.Recordings.Probes)
        .SelectMany(p => p.Variables.SelectMany((v, j) => p.Neurons.Select((n, i) => (p.Population, n, v, values: p.Values[j][i]))))
        .OrderBy(x => x.Population).ThenBy(x => x.n).ThenBy(x => x.v).SelectMany(x => x.values).ToArray();

    [Fact]
    public void EveryPopulationFiresAndBothCurrentsAreDriven()
    {
        var spec = Network();
        var plan = new NetworkPlan(spec, 1);
        var spikes = TestNetworks.Spikes(Reference.Value);
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            int count = spikes.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == p);
            Assert.True(count > spec.Populations[p].Size, $"population {spec.Populations[p].Name} fired only {count} spikes");
        }
        var probe = Assert.Single(Reference.Value.SelectMany(k => k.Recordings.Probes));
        Assert.Contains(probe.Values[Array.IndexOf(probe.Variables, NeuronModel.IafPscAlpha.StateVariables.ToList().IndexOf("i_syn_in"))].SelectMany(x => x), x => x < -50);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void SpikesAndStateTracesAreBitwiseIdenticalForAnyNumberOfShards(int shards)
    {
        var run = TestNetworks.Run(Network(), shards, scheduleSeed: shards);
        Assert.Equal(TestNetworks.Spikes(Reference.Value), TestNetworks.Spikes(run));
        Assert.Equal(Traces(Reference.Value), Traces(run));
    }

    // The alpha currents' derivatives are state: a checkpoint taken mid-run and resumed on another number of shards
    // must give the spikes of the uninterrupted run.
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 7)]
    public void ACheckpointResumedUnderAnotherCutEqualsTheStraightRun(int before, int after)
    {
        var spec = Network();
        long half = spec.Simulation.Steps / 2 + 3;
        var first = SequentialRunner.Run(new NetworkPlan(spec, before), half);
        var checkpoint = Checkpoint.From(spec, first.Select(k => k.Snapshot()));
        Assert.Contains(checkpoint.Neurons, n => n.Values.Length == 6 && n.Values[3] != 0); // v, 4 currents, refractory

        var resumed = SequentialRunner.Run(new NetworkPlan(spec, after), spec.Simulation.Steps, resume: checkpoint);

        var straight = TestNetworks.Spikes(Reference.Value).Where(e => SpikeEvent.Step(e) >= half);
        Assert.Equal(straight, TestNetworks.Spikes(resumed).Where(e => SpikeEvent.Step(e) >= half));
    }
}
