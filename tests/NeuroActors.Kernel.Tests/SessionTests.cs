using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

public class SessionTests
{
    private static ShardKernel[] Build(NetworkSpec spec, int shards)
    {
        var plan = new NetworkPlan(spec, shards);
        return Enumerable.Range(0, shards).Select(k => new ShardKernel(plan, k)).ToArray();
    }

    private static long[] RunAgain(ShardKernel[] kernels, NetworkSpec spec, int trial)
    {
        foreach (var k in kernels) k.ResetState(trial);
        return TestNetworks.Spikes(SequentialRunner.Run(kernels, spec.Simulation.Steps, scheduleSeed: trial));
    }

    private static double[] Trace(IEnumerable<IShardBackend> kernels) => kernels.SelectMany(k => k.Recordings.Probes)
        .SelectMany(p => p.Neurons.Select((n, i) => (n, values: p.Values[0][i]))).OrderBy(x => x.n).SelectMany(x => x.values).ToArray();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void ResetState_zero_reruns_a_fresh_build_bit_for_bit(int shards)
    {
        var spec = TestNetworks.Mixed(durationMs: 100);
        var fresh = TestNetworks.Run(spec, shards);
        var kernels = Build(spec, shards);
        SequentialRunner.Run(kernels, spec.Simulation.Steps);

        var again = RunAgain(kernels, spec, trial: 1);
        var back = RunAgain(kernels, spec, trial: 0);

        Assert.NotEqual(TestNetworks.Spikes(fresh), again);
        Assert.Equal(TestNetworks.Spikes(fresh), back);
        Assert.Equal(Trace(fresh), Trace(kernels));
        Assert.Equal(fresh.Sum(k => k.SpikeCount), kernels.Sum(k => k.SpikeCount));
        Assert.Equal(fresh.Sum(k => k.EventCount), kernels.Sum(k => k.EventCount));
        Assert.All(kernels, k => Assert.Equal(0, k.Trial));
    }

    [Fact]
    public void Another_trial_draws_new_input_that_is_reproducible_and_partition_invariant()
    {
        var spec = TestNetworks.Mixed(durationMs: 100);
        var one = Build(spec, 1);
        var three = Build(spec, 3);

        var first = RunAgain(one, spec, trial: 1);
        var repeat = RunAgain(one, spec, trial: 1);
        var cut = RunAgain(three, spec, trial: 1);
        var other = RunAgain(three, spec, trial: 2);

        Assert.Equal(first, repeat);
        Assert.Equal(first, cut);
        Assert.NotEqual(first, other);
        Assert.NotEqual(TestNetworks.Spikes(TestNetworks.Run(spec, 1)), first);
        // The poisson_source population (gids 230..279) draws afresh too, not only the Poisson generators.
        var sourceSpikes = (long[] s) => s.Where(e => SpikeEvent.Gid(e) >= 230).ToArray();
        Assert.NotEqual(sourceSpikes(first), sourceSpikes(other));
        Assert.Throws<ArgumentOutOfRangeException>(() => one[0].ResetState(-1));
    }

    // No input but a constant current: below threshold V settles at E_L + I_e·τ_m/C_m; above it the neuron fires
    // with interspike interval t_ref + ⌈τ_m ln(R I_e / (R I_e + E_L − V_th)) / dt⌉ steps (V_reset = E_L), and the
    // update's propagators are exact, so both hold to rounding.
    private static NetworkSpec Lif(NeuronModel model, int size) =>
        new NetworkBuilder("lif", dtMs: 0.1, durationMs: 300, seed: 3)
            .Population("lif", size, model, model == NeuronModel.IafCondExp
                ? new() { ["c_m"] = 250, ["g_l"] = 25, ["e_l"] = -70, ["v_th"] = -55, ["v_reset"] = -70, ["t_ref"] = 2 }
                : new() { ["tau_m"] = 10, ["c_m"] = 250, ["e_l"] = -70, ["v_th"] = -55, ["v_reset"] = -70, ["t_ref"] = 2 })
            .RecordSpikes("lif").RecordState("lif", ["v"])
            .Build();

    private static readonly double[] Currents = [100, 200, 500, 800, 300, 900, 0, 50, 120, 700, 250, 360];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Per_neuron_i_e_gives_the_analytic_steady_state_and_interspike_interval(int shards)
    {
        var spec = Lif(NeuronModel.IafPscExp, Currents.Length);
        var kernels = Build(spec, shards);
        foreach (var k in kernels) k.SetParameter(0, "i_e", Currents);
        SequentialRunner.Run(kernels, spec.Simulation.Steps);

        var spikes = TestNetworks.Spikes(kernels);
        var v = kernels.SelectMany(k => k.Recordings.Probes).SelectMany(p => p.Neurons.Select((n, i) => (n, trace: p.Values[0][i]))).ToDictionary(x => x.n, x => x.trace);
        for (int n = 0; n < Currents.Length; n++)
        {
            double rI = Currents[n] * 10 / 250.0;
            var mine = spikes.Where(e => SpikeEvent.Gid(e) == n).Select(SpikeEvent.Step).ToArray();
            if (rI < 15)
            {
                Assert.Empty(mine);
                Assert.Equal(-70 + rI, v[n][^1], 1e-6);
            }
            else
            {
                int isi = 20 + (int)Math.Ceiling(10 * Math.Log(rI / (rI - 15)) / 0.1);
                Assert.True(mine.Length > 2, $"neuron {n} fired {mine.Length} times");
                Assert.All(mine.Zip(mine.Skip(1), (a, b) => b - a), d => Assert.Equal(isi, d));
            }
        }
        Assert.Equal(Currents, kernels.SelectMany(k => k.GetParameter(0, "i_e")));
        if (shards == 3) Assert.Equal(TestNetworks.Spikes(RunWithCurrents(spec, 1)), spikes);
    }

    private static ShardKernel[] RunWithCurrents(NetworkSpec spec, int shards)
    {
        var kernels = Build(spec, shards);
        foreach (var k in kernels) k.SetParameter(0, "i_e", Currents);
        SequentialRunner.Run(kernels, spec.Simulation.Steps);
        return kernels;
    }

    [Fact]
    public void Conductance_neurons_settle_at_E_L_plus_I_e_over_g_L_and_tau_m_changes_the_propagators()
    {
        var cond = Lif(NeuronModel.IafCondExp, 12);
        var kernels = Build(cond, 3);
        foreach (var k in kernels) k.SetParameter(0, "i_e", [250.0]);
        SequentialRunner.Run(kernels, cond.Simulation.Steps);
        Assert.All(kernels.SelectMany(k => k.Recordings.Probes).SelectMany(p => p.Values[0]), trace => Assert.Equal(-70 + 250 / 25.0, trace[^1], 1e-6));

        // Whole-population values after a per-neuron one: every neuron takes the new value.
        var exp = Lif(NeuronModel.IafPscExp, 12);
        kernels = Build(exp, 3);
        foreach (var k in kernels)
        {
            k.SetParameter(0, "i_e", Currents);
            k.SetParameter(0, "i_e", [100.0]);
            k.SetParameter(0, "tau_m", [20.0]);
        }
        SequentialRunner.Run(kernels, exp.Simulation.Steps);
        // R = τ_m / C_m = 0.08 GΩ: 100 pA moves V from E_L towards −62 mV as 1 − e^(−t/20 ms), exactly on the grid.
        Assert.All(kernels.SelectMany(k => k.Recordings.Probes).SelectMany(p => p.Values[0]),
            trace => Assert.Equal(-70 + 8 * -double.ExpM1(-300 / 20.0), trace[^1], 1e-9));
    }

    [Fact]
    public void Izhikevich_reset_follows_a_new_c()
    {
        var spec = new NetworkBuilder("izh", dtMs: 0.1, durationMs: 100, seed: 1)
            .Population("izh", 9, NeuronModel.Izhikevich, new() { ["i_e"] = 10 })
            .RecordSpikes("izh").RecordState("izh", ["v"])
            .Build();
        var kernels = Build(spec, 2);
        foreach (var k in kernels) k.SetParameter(0, "c", [-50.0]);
        SequentialRunner.Run(kernels, spec.Simulation.Steps);

        var spikes = TestNetworks.Spikes(kernels);
        Assert.NotEmpty(spikes);
        foreach (var probe in kernels.SelectMany(k => k.Recordings.Probes))
            for (int i = 0; i < probe.Neurons.Length; i++)
                foreach (long e in spikes.Where(e => SpikeEvent.Gid(e) == probe.Neurons[i]))
                    Assert.Equal(-50, probe.Values[0][i][(int)SpikeEvent.Step(e)]);
    }

    private static NetworkSpec Driven(double rateHz) =>
        new NetworkBuilder("driven", dtMs: 0.1, durationMs: 100, seed: 11)
            .Population("lif", 200, NeuronModel.IafPscDelta, new() { ["v_th"] = 1000, ["v_reset"] = -70 })
            .Poisson("lif", rateHz: rateHz, weight: 0.01)
            .Build();

    [Fact]
    public void Poisson_rates_set_between_runs_scale_the_input()
    {
        var spec = Driven(1000);
        var kernels = Build(spec, 3);
        long Events(double[] rates)
        {
            foreach (var k in kernels) { k.SetStimulusRates(0, rates); k.ResetState(); }
            SequentialRunner.Run(kernels, spec.Simulation.Steps);
            return kernels.Sum(k => k.EventCount);
        }

        // 200 neurons × rate × 0.1 s events, Poisson: within 5 standard deviations.
        long silent = Events([0.0]);
        long base1 = Events([1000.0]);
        long doubled = Events([2000.0]);
        long half = Events(Enumerable.Range(0, 200).Select(i => i < 100 ? 0.0 : 2000.0).ToArray());

        Assert.Equal(0, silent);
        Assert.InRange(base1, 20000 - 5 * Math.Sqrt(20000), 20000 + 5 * Math.Sqrt(20000));
        Assert.InRange(doubled, 40000 - 5 * Math.Sqrt(40000), 40000 + 5 * Math.Sqrt(40000));
        Assert.InRange(half, 20000 - 5 * Math.Sqrt(20000), 20000 + 5 * Math.Sqrt(20000));
    }

    [Fact]
    public void Spike_times_set_between_runs_are_replayed()
    {
        var spec = new NetworkBuilder("replay", dtMs: 0.1, durationMs: 10, seed: 1)
            .SpikeSourceArray("src", [[1.0], [2.0], [3.0]]).RecordSpikes("src").Build();
        var kernels = Build(spec, 2);
        foreach (var k in kernels) k.SetSpikeTimes(0, [[0.5, 4.0], [], [9.0]]);
        SequentialRunner.Run(kernels, spec.Simulation.Steps);

        var spikes = TestNetworks.Spikes(kernels).Select(e => (SpikeEvent.Gid(e), SpikeEvent.Step(e))).ToArray();
        Assert.Equal(new[] { (0, 4L), (0, 39L), (2, 89L) }, spikes.OrderBy(s => s.Item1).ThenBy(s => s.Item2));
        Assert.Contains("sorted", Assert.Throws<ArgumentException>(() => kernels[0].SetSpikeTimes(0, [[2.0, 1.0], [], []])).Message);
        Assert.Contains("at least dt", Assert.Throws<ArgumentException>(() => kernels[0].SetSpikeTimes(0, [[-1.0], [], []])).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => kernels[0].SetSpikeTimes(0, [[double.PositiveInfinity], [], []])).Message);
        Assert.Contains("one list of times per neuron (3)", Assert.Throws<ArgumentException>(() => kernels[0].SetSpikeTimes(0, [[1.0]])).Message);
    }

    [Fact]
    public void GetWeights_lists_every_synapse_once_in_an_order_the_cut_does_not_change()
    {
        var spec = TestNetworks.Mixed();
        var one = Build(spec, 1);
        var three = Build(spec, 3);
        // Counts the connectors fix: fixed_indegree 160·16, fixed_outdegree 40·20, all_to_all 40·30, one_to_one 160.
        var known = new Dictionary<int, int> { [0] = 160 * 16, [2] = 40 * 20, [3] = 40 * 30, [5] = 160 };
        long total = 0;
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var whole = one[0].GetWeights(j);
            var parts = three.Select(k => k.GetWeights(j)).ToArray();
            Assert.Equal(whole.Count, parts.Sum(p => p.Count));
            if (known.TryGetValue(j, out int count)) Assert.Equal(count, whole.Count);
            Assert.Equal(whole.Source, parts.SelectMany(p => p.Source));
            Assert.Equal(whole.Target, parts.SelectMany(p => p.Target));
            Assert.Equal(whole.Weight, parts.SelectMany(p => p.Weight));
            Assert.Equal(whole.DelaySteps, parts.SelectMany(p => p.DelaySteps));
            var pairs = whole.Target.Zip(whole.Source, (t, s) => (long)t << 32 | (uint)s).ToArray();
            Assert.Equal(pairs.Order(), pairs);
            total += whole.Count;
        }
        Assert.Equal(one[0].SynapseCount, total);
        var constant = one[0].GetWeights(1);
        Assert.All(constant.Weight, w => Assert.Equal(60f, w));
        Assert.All(constant.DelaySteps, d => Assert.Equal(15, d));
        Assert.All(one[0].GetWeights(5).Source.Zip(one[0].GetWeights(5).Target), st => Assert.Equal(st.First, st.Second));
    }

    // The index costs two ints per source neuron of every projection with targets in the shard that shares its source
    // population, target population and receptor with another (Mixed: exc -> exc twice, excitatory), whatever the
    // synapses; the other projections' synapses are told by target and receptor and cost nothing.
    [Fact]
    public void The_projection_index_costs_eight_bytes_per_source_of_each_projection_sharing_its_rows()
    {
        var spec = TestNetworks.Mixed();
        var plan = new NetworkPlan(spec, 3);
        for (int shard = 0; shard < 3; shard++)
        {
            var table = ConnectivityBuilder.Build(plan, shard, p => 0, 1 << 10);
            long sources = spec.Projections.Where(pr => plan.Slice(spec.PopulationIndex(pr.Target), shard).Count > 0 &&
                    spec.Projections.Count(o => (o.Source, o.Target, o.Synapse.Receptor) == (pr.Source, pr.Target, pr.Synapse.Receptor)) > 1)
                .Sum(pr => (long)spec.Population(pr.Source).Size);
            Assert.Equal(2 * 160, sources); // every shard holds exc neurons, the targets of both exc -> exc projections
            Assert.Equal(8 * sources, table.ProjectionIndexBytes);
            Assert.Equal(table.RowStart.Length * 4L + table.Count * 8L, table.Bytes);
        }
    }

    [Fact]
    public void SetWeights_round_trips_from_any_order_and_every_shard_takes_its_targets()
    {
        var spec = TestNetworks.Mixed();
        var three = Build(spec, 3);
        var whole = Build(spec, 1)[0].GetWeights(0);
        var rng = new System.Random(5);
        var order = Enumerable.Range(0, whole.Count).ToArray();
        rng.Shuffle(order);
        // Multapses (fixed_indegree allows them) are told apart by their order among the entries of their pair: keep it.
        foreach (var pair in Enumerable.Range(0, order.Length).GroupBy(p => (whole.Source[order[p]], whole.Target[order[p]])))
        {
            var places = pair.ToArray();
            var sorted = places.Select(p => order[p]).Order().ToArray();
            for (int i = 0; i < places.Length; i++) order[places[i]] = sorted[i];
        }
        Assert.True(whole.Source.Zip(whole.Target).CountBy(p => p).Any(g => g.Value > 1), "the projection has multapses");
        var weights = whole.Weight.Select((w, i) => (float)(i % 7) * 0.25f).ToArray();

        foreach (var k in three)
            k.SetWeights(0, order.Select(i => whole.Source[i]).ToArray(), order.Select(i => whole.Target[i]).ToArray(), order.Select(i => weights[i]).ToArray());

        Assert.Equal(weights, three.SelectMany(k => k.GetWeights(0).Weight));
        Assert.Equal(whole.Source, three.SelectMany(k => k.GetWeights(0).Source));
    }

    [Fact]
    public void Zero_weights_silence_a_network_driven_only_through_that_projection()
    {
        var spec = new NetworkBuilder("relay", dtMs: 0.1, durationMs: 100, seed: 2)
            .PoissonSource("drive", 50, 100)
            .Population("lif", 20, NeuronModel.IafPscDelta, new() { ["v_th"] = -60 })
            .Projection("drive", "lif", new ConnectorSpec(ConnectorKind.FixedInDegree, Degree: 10),
                new SynapseSpec(Receptor.Excitatory, Distribution.Uniform(4, 6), Distribution.Constant(1.0)))
            .RecordSpikes("lif")
            .Build();
        var kernels = Build(spec, 3);
        SequentialRunner.Run(kernels, spec.Simulation.Steps);
        Assert.NotEmpty(TestNetworks.Spikes(kernels));

        foreach (var k in kernels)
        {
            var w = k.GetWeights(0);
            k.SetWeights(0, w.Source, w.Target, new float[w.Count]);
        }
        var silent = RunAgain(kernels, spec, trial: 0);

        Assert.Empty(silent);
        Assert.True(kernels.Sum(k => k.EventCount) > 0, "the source kept firing and its spikes were delivered");
    }

    [Fact]
    public void Bad_session_inputs_are_refused_with_what_is_wrong()
    {
        var spec = TestNetworks.Mixed();
        var k = Build(spec, 1)[0];

        var unknown = Assert.Throws<ArgumentException>(() => k.SetParameter(1, "tau", [1.0])).Message;
        Assert.Contains("population inh (1)", unknown);
        Assert.Contains("'tau'", unknown);
        Assert.Contains("valid parameters are: tau_m, c_m, e_l, v_th, v_reset, t_ref, i_e, tau_syn_ex, tau_syn_in", unknown);
        Assert.Contains("'tau_minus' is the time constant of the plastic synapses' postsynaptic trace and is fixed when the network is built",
            Assert.Throws<ArgumentException>(() => k.SetParameter(1, "tau_minus", [30.0])).Message);
        Assert.Contains("one value or one per neuron (40), not 2", Assert.Throws<ArgumentException>(() => k.SetParameter(1, "i_e", [1.0, 2.0])).Message);
        Assert.Contains("membrane time constant must be > 0 ms", Assert.Throws<ArgumentException>(() => k.SetParameter(1, "tau_m", [0.0])).Message);
        Assert.Contains("must lie below the threshold", Assert.Throws<ArgumentException>(() => k.SetParameter(1, "v_reset", [-40.0])).Message);
        Assert.Contains("whole population", Assert.Throws<ArgumentException>(() => k.SetParameter(1, "tau_m", Enumerable.Range(1, 40).Select(i => (double)i).ToArray())).Message);
        Assert.Contains("finite", Assert.Throws<ArgumentException>(() => k.SetParameter(1, "i_e", [double.NaN])).Message);
        Assert.Contains("population 9 does not exist", Assert.Throws<ArgumentException>(() => k.SetParameter(9, "i_e", [1.0])).Message);
        Assert.Equal(10.0, k.GetParameter(1, "tau_m")[0]);

        Assert.Contains("finite number of Hz >= 0", Assert.Throws<ArgumentException>(() => k.SetStimulusRates(0, [-1.0])).Message);
        Assert.Contains("finite number of Hz >= 0", Assert.Throws<ArgumentException>(() => k.SetStimulusRates(0, [double.PositiveInfinity])).Message);
        Assert.Contains("one per targeted neuron (160), not 2", Assert.Throws<ArgumentException>(() => k.SetStimulusRates(0, [1.0, 2.0])).Message);
        int stimuli = spec.Stimuli.Count;
        Assert.Contains($"stimulus {stimuli} does not exist", Assert.Throws<ArgumentException>(() => k.SetStimulusRates(stimuli, [1.0])).Message);
        int dc = spec.Stimuli.ToList().FindIndex(st => st.Kind == StimulusKind.DcCurrent);
        Assert.Contains("is a DcCurrent, not a Poisson generator", Assert.Throws<ArgumentException>(() => k.SetStimulusRates(dc, [1.0])).Message);

        var w = k.GetWeights(2); // inh -> exc, inhibitory onto iaf_psc_delta
        var s = w.Source; var t = w.Target;
        Assert.Contains("projection 2 (inh->exc)", Assert.Throws<ArgumentException>(() => k.SetWeights(2, s[1..], t[1..], w.Weight[1..])).Message);
        Assert.Contains($"synapse {s[0]} -> {t[0]} is not given", Assert.Throws<ArgumentException>(() => k.SetWeights(2, s[1..], t[1..], w.Weight[1..])).Message);
        var moved = (int[])s.Clone();
        moved[0] = s[0] == 160 ? 161 : 160;
        while (s.Zip(t).Any(p => p.First == moved[0] && p.Second == t[0])) moved[0]++;
        Assert.Contains($"has no synapse {moved[0]} -> {t[0]}", Assert.Throws<ArgumentException>(() => k.SetWeights(2, moved, t, w.Weight)).Message);
        Assert.Contains("has no synapse 0 -> 0", Assert.Throws<ArgumentException>(() => k.SetWeights(2, [0], [0], [1f])).Message);
        var positive = (float[])w.Weight.Clone();
        positive[3] = 1f;
        Assert.Contains("inhibitory, so weights must be <= 0", Assert.Throws<ArgumentException>(() => k.SetWeights(2, s, t, positive)).Message);
        var nan = (float[])w.Weight.Clone();
        nan[3] = float.NaN;
        Assert.Contains("must be finite", Assert.Throws<ArgumentException>(() => k.SetWeights(2, s, t, nan)).Message);
        var negative = k.GetWeights(3);
        negative.Weight[0] = -1;
        Assert.Contains("conductance weights (nS) must be >= 0", Assert.Throws<ArgumentException>(() => k.SetWeights(3, negative.Source, negative.Target, negative.Weight)).Message);
        int projections = spec.Projections.Count;
        Assert.Contains($"projection {projections} does not exist", Assert.Throws<ArgumentException>(() => k.GetWeights(projections)).Message);
        // Refused inputs changed nothing.
        Assert.Equal(w.Weight, k.GetWeights(2).Weight);
    }
}
