using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Loihi.Quantisation;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Loihi.Tests.Quantisation;

/// <summary>Float iaf_psc_exp populations on backend loihi run quantised: against the float run, under any cut, through checkpoints.</summary>
public class QuantisedRunTests
{
    private static readonly Lazy<(long[] Spikes, double[] Traces)> Reference = new(() =>
    {
        var shards = LoihiNetworks.Run(QuantisedNetworks.Brunel(), 1);
        return (LoihiNetworks.Spikes(shards), LoihiNetworks.Traces(shards));
    });

    private static readonly Lazy<long[]> Kicked = new(() => LoihiNetworks.Spikes(LoihiNetworks.Run(QuantisedNetworks.Brunel(kick: true), 2)));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Spikes_and_traces_are_bitwise_identical_for_any_number_of_shards(int shards)
    {
        var spec = QuantisedNetworks.Brunel();
        var run = LoihiNetworks.Run(spec, shards, scheduleSeed: shards);
        Assert.All(run, k => Assert.IsType<LoihiShard>(k));
        Assert.True(Reference.Value.Spikes.Length > 1000, $"{Reference.Value.Spikes.Length} spikes");
        Assert.Equal(Reference.Value.Spikes, LoihiNetworks.Spikes(run));
        Assert.Equal(Reference.Value.Traces, LoihiNetworks.Traces(run));
        Assert.Equal(Reference.Value.Spikes, LoihiNetworks.Spikes(LoihiNetworks.Run(spec, shards, packetsPerWindow: 3)));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void A_run_with_a_spike_source_does_not_depend_on_the_cut(int shards)
    {
        var spec = QuantisedNetworks.Brunel(kick: true);
        Assert.NotEqual(Reference.Value.Spikes, Kicked.Value);
        Assert.Equal(Kicked.Value, LoihiNetworks.Spikes(LoihiNetworks.Run(spec, shards, scheduleSeed: shards)));
    }

    [Theory]
    [InlineData(3, 2, 733)]
    [InlineData(1, 7, 1201)]
    public void A_checkpoint_resumes_under_another_cut_to_the_same_spikes(int before, int after, int step)
    {
        var spec = QuantisedNetworks.Brunel();
        var first = SequentialRunner.Run(new NetworkPlan(spec, before), step);
        var checkpoint = Checkpoint.From(spec, first.Select(k => k.Snapshot()));
        Assert.Contains(checkpoint.Pending, p => p.Receptor == 0 && p.Step == step); // the Poisson input drawn at step − 1
        var resumed = SequentialRunner.Run(new NetworkPlan(spec, after), spec.Simulation.Steps, checkpoint, packetsPerWindow: 2);
        Assert.Equal(Reference.Value.Spikes.Where(e => SpikeEvent.Step(e) >= step), LoihiNetworks.Spikes(resumed));
    }

    /// <summary>
    /// The quantised network fires as the float one does: over 1 s of biological time, each population's mean rate is
    /// within 10 % of the float run's (the tolerance docs/loihi.md states; measured differences are a few per cent),
    /// and neither is silent nor saturated.
    /// </summary>
    [Fact]
    public void Rates_are_within_ten_per_cent_of_the_float_run()
    {
        var loihi = QuantisedNetworks.Brunel(durationMs: 1000, excitatory: 800);
        var cpu = QuantisedNetworks.Brunel(onLoihi: false, durationMs: 1000, excitatory: 800);
        var plan = new NetworkPlan(loihi, 2);
        var quantised = LoihiNetworks.Spikes(LoihiNetworks.Run(loihi, 2));
        var exact = LoihiNetworks.Spikes(LoihiNetworks.Run(cpu, 2));
        foreach (string name in new[] { "exc", "inh" })
        {
            int p = loihi.PopulationIndex(name);
            double Rate(long[] spikes) => spikes.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == p) / (double)loihi.Populations[p].Size;
            double q = Rate(quantised), f = Rate(exact);
            Assert.InRange(f, 5, 100);
            Assert.InRange(q / f, 0.9, 1.1);
        }
    }

    /// <summary>
    /// Spike timing keeps its meaning: a suprathreshold kick through a synapse of d steps makes the neuron spike (a burst) in
    /// the same steps on Loihi as in the float kernel (Loihi's input arrives d + 1 steps after the spike, where the
    /// float neuron's voltage first reads it), and the recorded v and current are in mV and pA.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(61)]
    public void A_kick_makes_the_same_spike_in_the_same_step_as_on_the_float_kernel(int delaySteps)
    {
        static NetworkSpec Kick(bool onLoihi, int delaySteps)
        {
            LoihiShard.Register();
            var builder = new NetworkBuilder("kick", dtMs: 0.1, durationMs: 20, seed: 3)
                .SpikeSourceArray("src", [[2.0]])
                .Population("n", 1, NeuronModel.IafPscExp, new() { ["tau_syn_ex"] = 2, ["tau_syn_in"] = 2 })
                .Projection("src", "n", new ConnectorSpec(ConnectorKind.AllToAll),
                    new SynapseSpec(Receptor.Excitatory, Distribution.Constant(100_000), Distribution.Constant(delaySteps * 0.1)))
                .RecordSpikes("n").RecordState("n", ["v", "i_syn_ex"]);
            if (onLoihi) builder.Backend("n", LoihiShard.Name);
            return builder.Build();
        }
        var loihi = LoihiNetworks.Run(Kick(true, delaySteps), 2);
        var cpu = LoihiNetworks.Run(Kick(false, delaySteps), 1);
        var spikes = LoihiNetworks.Spikes(loihi);
        // The current outlasts the refractory period: a burst, spike for spike in the same steps.
        Assert.True(spikes.Length > 1);
        Assert.Equal(LoihiNetworks.Spikes(cpu).Select(SpikeEvent.Step), spikes.Select(SpikeEvent.Step));
        Assert.InRange(SpikeEvent.Step(spikes[0]), 20 + delaySteps, 21 + delaySteps);
        // Both rest at E_L = −70 mV until the kick arrives; the current (pA) follows the float one within 1 % of its peak.
        var probe = loihi.SelectMany(k => k.Recordings.Probes).Single();
        var exact = cpu.SelectMany(k => k.Recordings.Probes).Single();
        int quiet = 0;
        for (int t = 0; t < probe.Steps.Count; t++)
        {
            if (exact.Values[1][0][t] == 0 && t < SpikeEvent.Step(spikes[0]))
            {
                Assert.Equal(-70, probe.Values[0][0][t], 1e-3);
                Assert.Equal(0, probe.Values[1][0][t]);
                quiet++;
            }
            Assert.Equal(exact.Values[1][0][t], probe.Values[1][0][t], 1000.0);
        }
        Assert.True(quiet >= 19 + delaySteps, $"{quiet} quiet steps");
        Assert.True(exact.Values[1][0].Max() > 90_000);
    }

    [Fact]
    public void Delays_past_sixty_one_steps_and_a_second_current_are_refused()
    {
        var spec = QuantisedNetworks.Brunel();
        var slow = spec with
        {
            Projections = [.. spec.Projections.Select((p, j) => j == 0 ? p with { Synapse = p.Synapse with { DelayMs = Distribution.Constant(6.2) } } : p)],
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ShardBackends.Build(new NetworkPlan(slow, 1), 0));
        Assert.StartsWith("projections[0] (exc → exc): delay of 62 steps into a quantised population, which Loihi delivers 1 step later (63 steps); its delays are 1..61 steps", ex.Message);
        var inhibitoryCurrent = spec with
        {
            Recorders = [.. spec.Recorders, new RecorderSpec(RecorderKind.State, "inh", Variables: ["i_syn_in"])],
        };
        var refused = Assert.Throws<ArgumentException>(() => ShardBackends.Build(new NetworkPlan(inhibitoryCurrent, 1), 0));
        Assert.StartsWith("population inh records 'i_syn_in'; quantised onto Loihi it has one synaptic current", refused.Message);
    }

    [Fact]
    public void Each_projection_takes_the_sign_mode_of_its_receptor()
    {
        var spec = QuantisedNetworks.Brunel();
        var q = LoihiQuantiser.Quantise(spec);
        var plan = new NetworkPlan(spec, 1);
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            if (q.Projection(j) is not { } input) continue;
            var format = LoihiSynapses.FormatOf(plan, j, q);
            Assert.Equal(spec.Projections[j].Synapse.Receptor == Receptor.Inhibitory ? LoihiSignMode.Inhibitory : LoihiSignMode.Excitatory, format.SignMode);
            Assert.Equal(input.WeightExp, format.WeightExp);
        }
    }
}
