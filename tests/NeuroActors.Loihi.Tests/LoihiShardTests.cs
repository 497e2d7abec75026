using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Loihi.Tests;

/// <summary>The shard backend <c>loihi</c>: a hand-driven reference, partition invariance, checkpoints and trials.</summary>
public class LoihiShardTests
{
    private static readonly Lazy<(long[] Spikes, double[] Traces)> PureReference = new(() =>
    {
        var shards = LoihiNetworks.Run(LoihiNetworks.Pure(), 1);
        return (LoihiNetworks.Spikes(shards), LoihiNetworks.Traces(shards));
    });

    private static readonly Lazy<long[]> MixedReference = new(() => LoihiNetworks.Spikes(LoihiNetworks.Run(LoihiNetworks.Mixed(), 2)));

    /// <summary>
    /// The run equals the phase-one compartments driven by hand: the scalar reference step, each projection's synapses
    /// (as the kernel generates them) turned into mantissas with the projection's format, and each step's input summed
    /// per projection and shifted by its exponent before the projections are added (Lava's Dense, one per projection).
    /// </summary>
    [Fact]
    public void Spikes_and_traces_equal_a_hand_driven_run_of_the_compartments()
    {
        var spec = LoihiNetworks.Pure(poisson: false, drive: true);
        var plan = new NetworkPlan(spec, 2);
        var shards = SequentialRunner.Run(plan, spec.Simulation.Steps);
        int a = spec.PopulationIndex("a"), b = spec.PopulationIndex("b"), drive = spec.PopulationIndex("drive");
        int loihi = Enumerable.Range(0, 2).Single(k => plan.Cut.BackendOf(k) == LoihiShard.Name);
        Assert.Equal((23, 17), (plan.Slice(a, loihi).Count, plan.Slice(b, loihi).Count));
        int steps = (int)spec.Simulation.Steps;

        var ca = new LoihiCompartments(23);
        ca.SetParameter("du", [410]);
        ca.SetParameter("dv", [205]);
        ca.SetParameter("vth", [.. LoihiNetworks.VthA.Select(x => (int)x)]);
        ca.SetParameter("bias_mant", [.. LoihiNetworks.BiasA.Select(x => (int)x)]);
        for (int i = 0; i < 23; i++) (ca.U[i], ca.V[i]) = ((int)LoihiNetworks.UA[i], (int)LoihiNetworks.VA[i]);
        var cb = new LoihiCompartments(17, new LoihiReset(50, 7));
        foreach (var (name, value) in new[] { ("du", 1000), ("dv", 100), ("vth", 60), ("bias_mant", 12), ("bias_exp", 2), ("refractory", 2) })
            cb.SetParameter(name, [value]);
        var pops = new[] { ca, cb };

        // The synapses of each projection, all in the Loihi shard (local a: 0..22, b: 23..39).
        var projections = new List<(LoihiSynapseFormat Format, List<(int Source, int Target, int Delay, int Mantissa)> Synapses)>();
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var table = ConnectivityBuilder.Build(plan, loihi, p => p == b ? 23 : 0, 40, k => k == j);
            var format = new LoihiSynapseFormat(LoihiSynapseFormat.DetectSignMode([.. table.Weight.Select(w => (double)Math.Round(w, MidpointRounding.AwayFromZero))]),
                spec.Projections[j].Synapse.NumWeightBits ?? 8, spec.Projections[j].Synapse.WeightExp ?? 0);
            var list = new List<(int, int, int, int)>();
            for (int gid = 0; gid < plan.TotalNeurons; gid++)
                for (int i = table.RowStart[gid]; i < table.RowStart[gid + 1]; i++)
                    list.Add((gid, table.Target(table.Packed[i]), table.Delay(table.Packed[i]), format.Mantissa((long)Math.Round(table.Weight[i], MidpointRounding.AwayFromZero))));
            projections.Add((format, list));
        }
        Assert.Contains(projections, p => p.Format.SignMode == LoihiSignMode.Mixed);
        Assert.Contains(projections, p => p.Format.SignMode == LoihiSignMode.Inhibitory);

        var spiked = new bool[steps, plan.TotalNeurons];
        var recorded = LoihiNetworks.Spikes(shards);
        foreach (long e in recorded)
            if (plan.PopulationOf(SpikeEvent.Gid(e)) == drive) spiked[SpikeEvent.Step(e), SpikeEvent.Gid(e)] = true;
        var expected = new List<long>();
        var traces = new Dictionary<(int Pop, int Neuron, int Column), List<double>>();
        var aIn = new[] { new int[23], new int[17] };
        var out_ = new int[23];
        for (int t = 0; t < steps; t++)
        {
            foreach (var (format, synapses) in projections)
            {
                var acc = new int[40];
                foreach (var (source, target, delay, mantissa) in synapses)
                    if (t - delay >= 0 && spiked[t - delay, source]) acc[target] += mantissa;
                for (int l = 0; l < 40; l++)
                {
                    int shifted = format.WeightExp >= 0 ? acc[l] << format.WeightExp : acc[l] >> -format.WeightExp;
                    if (l < 23) aIn[0][l] += shifted; else aIn[1][l - 23] += shifted;
                }
            }
            for (int q = 0; q < 2; q++)
            {
                int population = q == 0 ? a : b;
                int n = CompartmentReference.Step(pops[q], t, aIn[q], out_);
                for (int k = 0; k < n; k++)
                {
                    int gid = plan.PopulationOffset(population) + out_[k];
                    spiked[t, gid] = true;
                    expected.Add(SpikeEvent.Pack(t, gid));
                }
                for (int i = 0; i < pops[q].Count; i++)
                    for (int c = 0; c < 2; c++)
                    {
                        if (!traces.TryGetValue((population, i, c), out var list)) traces[(population, i, c)] = list = [];
                        list.Add(c == 0 ? pops[q].U[i] : pops[q].V[i]);
                    }
            }
        }
        expected.Sort();
        long[] loihiSpikes = [.. recorded.Where(e => plan.PopulationOf(SpikeEvent.Gid(e)) != drive)];
        Assert.Equal(expected, loihiSpikes);
        Assert.True(loihiSpikes.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == a) > 100, "a is nearly silent");
        Assert.True(loihiSpikes.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == b) > 50, "b is nearly silent");

        int probes = 0;
        foreach (var probe in shards.SelectMany(k => k.Recordings.Probes))
            for (int i = 0; i < probe.Neurons.Length; i++)
                for (int c = 0; c < probe.Variables.Length; c++, probes++)
                    Assert.Equal(traces[(probe.Population, probe.Neurons[i], probe.Variables[c])], probe.Values[c][i]);
        Assert.Equal(10, probes);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Spikes_and_traces_are_bitwise_identical_for_any_number_of_shards(int shards)
    {
        var spec = LoihiNetworks.Pure();
        var run = LoihiNetworks.Run(spec, shards, scheduleSeed: shards);
        Assert.Equal(PureReference.Value.Spikes, LoihiNetworks.Spikes(run));
        Assert.Equal(PureReference.Value.Traces, LoihiNetworks.Traces(run));
        Assert.Equal(PureReference.Value.Spikes, LoihiNetworks.Spikes(LoihiNetworks.Run(spec, shards, packetsPerWindow: 3)));
    }

    [Fact]
    public void The_reference_run_is_busy_and_uses_every_input_group()
    {
        var spec = LoihiNetworks.Pure();
        var one = LoihiNetworks.Run(spec, 1);
        var plan = one[0].Plan;
        var spikes = PureReference.Value.Spikes;
        foreach (string name in new[] { "a", "b" })
            Assert.True(spikes.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == spec.PopulationIndex(name)) > 100, $"{name} is nearly silent");
        Assert.IsType<LoihiShard>(one[0]);
        // group 0, and one per projection of negative exponent (b → a, b → b, a → a)
        Assert.Equal(4, one[0].Resources.Figures["input_groups"]);
        Assert.Equal(40, one[0].Resources.Neurons);
    }

    [Fact]
    public void Spikes_are_bitwise_identical_when_every_slice_is_a_shard()
    {
        var spec = LoihiNetworks.Pure();
        const int maxNeurons = 4;
        var cut = spec.Populations.SelectMany((pop, p) => Enumerable.Range(0, (pop.Size + maxNeurons - 1) / maxNeurons)
                .Select(i => (IReadOnlyList<ShardSlice>)[new ShardSlice(p, i * maxNeurons, Math.Min(maxNeurons, pop.Size - i * maxNeurons))]))
            .ToList();
        var sliced = SequentialRunner.Run(new NetworkPlan(spec, cut), spec.Simulation.Steps, scheduleSeed: 5);
        Assert.Equal(PureReference.Value.Spikes, LoihiNetworks.Spikes(sliced));
        Assert.Equal(PureReference.Value.Traces, LoihiNetworks.Traces(sliced));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void A_mixed_run_of_float_and_Loihi_populations_does_not_depend_on_the_cut(int shards)
    {
        var spec = LoihiNetworks.Mixed();
        var plan = new NetworkPlan(spec, shards);
        var reference = MixedReference.Value;
        foreach (string name in new[] { "a", "b", "exc" })
            Assert.True(reference.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == spec.PopulationIndex(name)) > 50, $"{name} is nearly silent");
        Assert.Equal(reference, LoihiNetworks.Spikes(LoihiNetworks.Run(spec, shards, scheduleSeed: shards)));
        Assert.Equal(reference, LoihiNetworks.Spikes(LoihiNetworks.Run(spec, shards, packetsPerWindow: 2)));
        // Spikes cross both ways: without a → exc, exc fires otherwise, and b with it.
        var cut = spec with { Projections = [.. spec.Projections.Where(p => !(p.Source == "a" && p.Target == "exc"))] };
        var without = LoihiNetworks.Spikes(LoihiNetworks.Run(cut, shards));
        long[] Of(long[] all, string pop) => [.. all.Where(e => plan.PopulationOf(SpikeEvent.Gid(e)) == spec.PopulationIndex(pop))];
        Assert.NotEqual(Of(reference, "exc"), Of(without, "exc"));
        Assert.NotEqual(Of(reference, "b"), Of(without, "b"));
    }

    [Theory]
    [InlineData(3, 2, 137)]
    [InlineData(1, 7, 201)]
    [InlineData(2, 1, 60)]
    public void A_checkpoint_resumes_under_another_cut_to_the_same_spikes(int before, int after, int step)
    {
        var spec = LoihiNetworks.Pure();
        var first = SequentialRunner.Run(new NetworkPlan(spec, before), step);
        var checkpoint = Checkpoint.From(spec, first.Select(k => k.Snapshot()));
        // Input in flight: the shared group (receptor 0), and at step 137 the group of b → a's negative exponent
        // (receptor 1 of population a) too.
        Assert.Contains(checkpoint.Pending, p => p.Receptor == 0);
        if (step == 137) Assert.Contains(checkpoint.Pending, p => p.Receptor == 1);
        Assert.Contains(checkpoint.Pending, p => p.Step > step + 30); // the 62-step delay of a → a
        Assert.All(checkpoint.Neurons, n => Assert.Equal(3, n.Values.Length));
        var resumed = SequentialRunner.Run(new NetworkPlan(spec, after), spec.Simulation.Steps, checkpoint, packetsPerWindow: 2);
        Assert.Equal(PureReference.Value.Spikes.Where(e => SpikeEvent.Step(e) >= step), LoihiNetworks.Spikes(resumed));
    }

    [Fact]
    public void A_mixed_checkpoint_resumes_under_another_cut()
    {
        var spec = LoihiNetworks.Mixed();
        const int step = 151;
        var first = SequentialRunner.Run(new NetworkPlan(spec, 3), step);
        var checkpoint = Checkpoint.From(spec, first.Select(k => k.Snapshot()));
        var resumed = SequentialRunner.Run(new NetworkPlan(spec, 7), spec.Simulation.Steps, checkpoint);
        Assert.Equal(MixedReference.Value.Where(e => SpikeEvent.Step(e) >= step), LoihiNetworks.Spikes(resumed));
    }

    [Fact]
    public void Trials_reset_the_state_and_repeat()
    {
        var spec = LoihiNetworks.Pure(durationMs: 120);
        var shards = LoihiNetworks.Run(spec, 3);
        var first = LoihiNetworks.Spikes(shards);
        foreach (var k in shards) k.ResetState(2);
        var trial2 = LoihiNetworks.Spikes(SequentialRunner.Run(shards, spec.Simulation.Steps));
        foreach (var k in shards) k.ResetState(0);
        Assert.Equal(first, LoihiNetworks.Spikes(SequentialRunner.Run(shards, spec.Simulation.Steps, scheduleSeed: 4)));
        Assert.NotEqual(first, trial2); // the Poisson draws of trial 2 differ
        Assert.Equal(PureReference.Value.Spikes.Where(e => SpikeEvent.Step(e) < 120), first);
    }

    [Fact]
    public void Delays_beyond_sixty_two_steps_and_current_stimuli_are_refused()
    {
        var spec = LoihiNetworks.Pure();
        var slow = spec with
        {
            Projections = [.. spec.Projections.Select((p, j) => j == 2 ? p with { Synapse = p.Synapse with { DelayMs = Distribution.Constant(63) } } : p)],
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ShardBackends.Build(new NetworkPlan(slow, 1), 0));
        Assert.StartsWith("projections[2] (a → a): delay of 63 steps; Loihi delays are 1..62 steps", ex.Message);
        var current = spec with { Stimuli = [.. spec.Stimuli, new StimulusSpec(StimulusKind.DcCurrent, "b", AmplitudePa: 5)] };
        var refused = Assert.Throws<ArgumentException>(() => ShardBackends.Build(new NetworkPlan(current, 1), 0));
        Assert.StartsWith("stimuli[1] (DcCurrent into b): a current stimulus cannot drive a Loihi population", refused.Message);
    }

    [Fact]
    public void The_sign_mode_is_the_whole_projections_whatever_the_cut()
    {
        // b → b draws normal weights (mean −5, sd 30): every shard must see them as mixed, even one whose own
        // synapses happen to be all positive.
        var spec = LoihiNetworks.Pure();
        foreach (int shards in new[] { 1, 7 })
        {
            var plan = new NetworkPlan(spec, shards);
            Assert.Equal(LoihiSignMode.Mixed, LoihiSynapses.SignModeOf(plan, 3));
            Assert.Equal(LoihiSignMode.Mixed, LoihiSynapses.SignModeOf(plan, 0));
            Assert.Equal(LoihiSignMode.Inhibitory, LoihiSynapses.SignModeOf(plan, 1));
            Assert.Equal(LoihiSignMode.Excitatory, LoihiSynapses.SignModeOf(plan, 4));
        }
    }
}
