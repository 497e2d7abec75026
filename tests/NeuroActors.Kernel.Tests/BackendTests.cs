using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests.Backends;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Tests;

// A model whose populations run on two backends: cpu (exc 160, noise 50, ...) and the test backend fixed-point (inh 40, cond 30).
public class BackendTests
{
    private static readonly Lazy<long[]> Reference = new(() => TestNetworks.Spikes(TestNetworks.Run(TestNetworks.MixedBackends(), 2)));

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(7)]
    public void Shards_are_formed_per_backend_and_shared_by_neurons(int shards)
    {
        var spec = TestNetworks.MixedBackends();
        Assert.Equal(["cpu", FixedPointShard.Name], BackendShares.InUse(spec));
        var shares = BackendShares.Of(spec, shards);
        Assert.Equal(shards, shares.Sum());
        Assert.All(shares, s => Assert.True(s >= 1));

        var plan = new NetworkPlan(spec, shards);
        for (int k = 0; k < shards; k++)
        {
            string backend = k < shares[0] ? "cpu" : FixedPointShard.Name;
            Assert.Equal(backend, plan.Cut.BackendOf(k));
            for (int p = 0; p < spec.Populations.Count; p++)
                if (plan.Slice(p, k).Count > 0) Assert.Equal(backend, spec.Populations[p].BackendName);
        }
        // Each backend's shards cut its populations into near-equal slices.
        Assert.Equal(160 / shares[0], plan.Slice(0, 0).Count, 1.0);
        Assert.Equal(40 / shares[1], plan.Slice(1, shares[0]).Count, 1.0);
    }

    [Fact]
    public void Fewer_shards_than_backends_are_refused_naming_the_backends()
    {
        var spec = TestNetworks.MixedBackends();
        var ex = Assert.Throws<ArgumentException>(() => new NetworkPlan(spec, 1));
        Assert.StartsWith("shards: got 1; the model computes its populations on 2 shard backends (cpu: exc, noise", ex.Message);
        Assert.EndsWith("fixed-point: inh, cond) and a shard holds populations of one backend, so it needs at least 2 shards (Parameter 'shards')", ex.Message);
    }

    [Fact]
    public void A_cut_that_puts_two_backends_in_one_shard_is_refused()
    {
        var spec = TestNetworks.MixedBackends();
        var whole = spec.Populations.Select((pop, p) => new ShardSlice(p, 0, pop.Size)).ToList();
        int exc = spec.PopulationIndex("exc"), inh = spec.PopulationIndex("inh"), cond = spec.PopulationIndex("cond");
        var rest = whole.Where(s => s.Population != exc && s.Population != inh && s.Population != cond).ToList();
        var ex = Assert.Throws<ArgumentException>(() => new NetworkPlan(spec, [rest, [whole[exc], whole[inh]], [whole[cond]]]));
        Assert.StartsWith("shard 1 holds populations of two backends, exc (cpu) and inh (fixed-point); a shard holds populations of one backend", ex.Message);
    }

    [Fact]
    public void An_unknown_backend_is_refused_with_the_field_and_the_valid_names()
    {
        var spec = TestNetworks.Mixed();
        var unknown = spec with { Populations = [.. spec.Populations.Select((p, i) => i == 2 ? p with { Backend = "loihi-9" } : p)] };
        var ex = Assert.Throws<ModelException>(() => new NetworkPlan(unknown, 2));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("populations[2].backend", error.Path);
        Assert.Equal("'loihi-9'", error.Value);
        Assert.StartsWith("not a registered shard backend; valid backends are: cpu", error.Expected);
        Assert.Contains("unknown backend", Assert.Throws<ArgumentException>(() => ShardBackends.Get("unknown backend")).Message);

        // Registering: a name of the wrong form, or a second backend under a name already taken, is refused.
        Assert.Throws<ArgumentException>(() => ShardBackends.Register(ShardBackends.Cpu with { Name = "Fixed" }));
        Assert.Throws<ArgumentException>(() => ShardBackends.Register(ShardBackends.Cpu with { Name = FixedPointShard.Name }));
        FixedPointShard.Register();
        Assert.Contains(FixedPointShard.Name, ShardBackends.Names);
    }

    [Fact]
    public void A_backend_registered_by_name_is_built_when_first_asked_for_and_only_then()
    {
        int built = 0;
        // Without plastic synapses, so that the other tests' lists of backends with them stay as they are.
        ShardBackendKind Build() { built++; return ShardBackends.Cpu with { Name = "lazy-test", PlasticSynapses = false }; }
        ShardBackends.Register("lazy-test", Build);
        Assert.Contains("lazy-test", ShardBackends.Names);
        Assert.Equal(0, built);

        var kind = ShardBackends.Get("lazy-test");
        Assert.Equal("lazy-test", kind.Name);
        Assert.Same(kind, ShardBackends.Get("lazy-test"));
        Assert.Equal(1, built);

        // Again by name does nothing; the kind itself again is the same backend; another kind under the name is refused.
        ShardBackends.Register("lazy-test", () => throw new InvalidOperationException("not called"));
        ShardBackends.Register(kind);
        Assert.Throws<ArgumentException>(() => ShardBackends.Register(ShardBackends.Cpu with { Name = "lazy-test", PlasticSynapses = false }));
        Assert.Equal(1, built);

        // A registration that builds a backend of another name fails when it is asked for, naming both.
        ShardBackends.Register("lazy-misnamed", () => ShardBackends.Cpu with { Name = "other", PlasticSynapses = false });
        var ex = Assert.Throws<InvalidOperationException>(() => ShardBackends.Get("lazy-misnamed"));
        Assert.Equal("backend 'lazy-misnamed': its registration built a backend named 'other'", ex.Message);
        Assert.Throws<ArgumentException>(() => ShardBackends.Register("Lazy", Build));
    }

    [Fact]
    public void A_plastic_projection_into_a_backend_without_plastic_synapses_is_refused()
    {
        var spec = TestNetworks.MixedBackends();
        int j = spec.Projections.Select((p, i) => (p, i)).First(x => x.p.Target == "inh" && x.p.Synapse.Receptor == Receptor.Excitatory).i;
        var plastic = spec with
        {
            Projections = [.. spec.Projections.Select((p, i) => i == j ? p with { Synapse = p.Synapse with { Plasticity = PlasticitySpec.Create(PlasticityRule.Stdp) } } : p)],
        };
        var error = Assert.Single(Assert.Throws<ModelException>(() => new NetworkPlan(plastic, 2)).Errors);
        Assert.Equal(($"projections[{j}].synapse.model", "'stdp'"), (error.Path, error.Value));
        Assert.Equal($"population inh runs on shard backend '{FixedPointShard.Name}', which has no plastic synapses; make the synapse static or use a backend with them (cpu)", error.Expected);
    }

    [Fact]
    public void The_test_backend_computes_its_populations_and_differs_from_the_cpu_kernel_only_where_it_rounds()
    {
        var spec = TestNetworks.MixedBackends();
        var plan = new NetworkPlan(spec, 2);
        var spikes = Reference.Value;
        for (int p = 0; p < spec.Populations.Count; p++)
            Assert.True(spikes.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == p) > spec.Populations[p].Size, $"{spec.Populations[p].Name} is nearly silent");
        // Only cond has weights that sixteenths do not represent (inh -> cond, uniform in [0.5, 1.5)): its spikes change, and
        // nothing else does (it projects nowhere, and integer sums of inh's whole-numbered input equal the float sums).
        var cpu = TestNetworks.Spikes(TestNetworks.Run(TestNetworks.Mixed(), 2));
        long[] Of(long[] all, int p) => [.. all.Where(e => plan.PopulationOf(SpikeEvent.Gid(e)) == p)];
        Assert.NotEqual(Of(cpu, 2), Of(spikes, 2));
        foreach (int p in new[] { 0, 1, 3 }) Assert.Equal(Of(cpu, p), Of(spikes, p));
        var shards = TestNetworks.Run(spec, 2);
        Assert.IsType<ShardKernel>(shards[0]);
        Assert.IsType<FixedPointShard>(shards[1]);
        Assert.True(shards[1].Resources.Figures["rounded_weights"] > 0);
        Assert.Empty(shards[0].Resources.Figures);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Spikes_are_bitwise_identical_for_any_number_of_shards(int shards)
    {
        var spec = TestNetworks.MixedBackends();
        Assert.Equal(Reference.Value, TestNetworks.Spikes(TestNetworks.Run(spec, shards, scheduleSeed: shards)));
        Assert.Equal(Reference.Value, TestNetworks.Spikes(SequentialRunner.Run(new NetworkPlan(spec, shards), spec.Simulation.Steps, packetsPerWindow: 3)));
    }

    [Fact]
    public void Spikes_and_traces_are_bitwise_identical_when_every_slice_is_a_shard()
    {
        var spec = TestNetworks.MixedBackends();
        const int maxNeurons = 9;
        var cut = spec.Populations.SelectMany((pop, p) => Enumerable.Range(0, (pop.Size + maxNeurons - 1) / maxNeurons)
                .Select(i => (IReadOnlyList<ShardSlice>)[new ShardSlice(p, i * maxNeurons, Math.Min(maxNeurons, pop.Size - i * maxNeurons))]))
            .ToList();
        var sliced = SequentialRunner.Run(new NetworkPlan(spec, cut), spec.Simulation.Steps, scheduleSeed: 5);
        Assert.Equal(Reference.Value, TestNetworks.Spikes(sliced));

        // A state recorder samples a fixed-point population (inh).
        static double[] Trace(IEnumerable<IShardBackend> shards) => shards.SelectMany(k => k.Recordings.Probes)
            .SelectMany(p => p.Neurons.Select((n, i) => (p.Population, n, values: p.Values[0][i])))
            .OrderBy(x => x.Population).ThenBy(x => x.n).SelectMany(x => x.values).ToArray();
        var two = TestNetworks.Run(spec, 2);
        Assert.Contains(two[1].Recordings.Probes, p => p.Population == spec.PopulationIndex("inh") && p.Steps.Count == spec.Simulation.Steps);
        Assert.Equal(Trace(two), Trace(sliced));
    }

    [Theory]
    [InlineData(2, 5, 1203)]
    [InlineData(6, 3, 1207)]
    public void A_checkpoint_of_both_backends_resumes_under_another_cut(int before, int after, int step)
    {
        // Mid-window steps, so spikes in flight travel in the checkpoint too.
        var spec = TestNetworks.MixedBackends();
        var first = SequentialRunner.Run(new NetworkPlan(spec, before), step);
        var checkpoint = Checkpoint.From(spec, first.Select(k => k.Snapshot()));
        Assert.NotEmpty(checkpoint.Outbox);
        // Pending input of the fixed-point populations (inh, cond) travels as the cpu kernel's does, keyed by gid.
        Assert.Contains(checkpoint.Pending, p => spec.Populations[new NetworkPlan(spec, 2).PopulationOf(p.Gid)].BackendName == FixedPointShard.Name);
        var resumed = SequentialRunner.Run(new NetworkPlan(spec, after), spec.Simulation.Steps, checkpoint, packetsPerWindow: 2);
        Assert.Equal(Reference.Value.Where(e => SpikeEvent.Step(e) >= step), TestNetworks.Spikes(resumed));
    }

    [Fact]
    public void Trials_reset_both_backends_and_repeat()
    {
        var spec = TestNetworks.MixedBackends(durationMs: 50);
        var shards = TestNetworks.Run(spec, 3);
        var first = TestNetworks.Spikes(shards);
        foreach (var k in shards) k.ResetState(2);
        var trial2 = TestNetworks.Spikes(SequentialRunner.Run(shards, spec.Simulation.Steps));
        foreach (var k in shards) k.ResetState(0);
        Assert.Equal(first, TestNetworks.Spikes(SequentialRunner.Run(shards, spec.Simulation.Steps, scheduleSeed: 4)));
        Assert.NotEqual(first, trial2);

        var fresh = new NetworkPlan(spec, 2);
        var other = Enumerable.Range(0, 2).Select(k => ShardBackends.Build(fresh, k)).ToArray();
        foreach (var k in other) k.ResetState(2);
        Assert.Equal(trial2, TestNetworks.Spikes(SequentialRunner.Run(other, spec.Simulation.Steps)));
    }

    [Fact]
    public void A_backend_without_a_capability_refuses_it_for_its_own_populations_only()
    {
        var spec = TestNetworks.MixedBackends(durationMs: 20);
        var plan = new NetworkPlan(spec, 2);
        var shards = Enumerable.Range(0, 2).Select(k => ShardBackends.Build(plan, k)).ToArray();
        var fixedPoint = shards[1];
        int exc = spec.PopulationIndex("exc"), inh = spec.PopulationIndex("inh");

        // Requests about cpu populations concern the fixed-point shard not at all.
        fixedPoint.SetParameter(exc, "i_e", [5.0]);
        Assert.Empty(fixedPoint.GetWeights(0).Source);
        fixedPoint.SetSpikeTimes(exc, []);

        var parameter = Assert.Throws<ArgumentException>(() => fixedPoint.SetParameter(inh, "i_e", [5.0]));
        Assert.StartsWith("'i_e': population inh runs on shard backend 'fixed-point', which cannot change parameters between runs", parameter.Message);
        var rates = Assert.Throws<ArgumentException>(() => fixedPoint.SetStimulusRates(1, [10.0]));
        Assert.StartsWith("stimulus 1: population inh runs on shard backend 'fixed-point', which cannot change stimuli between runs", rates.Message);
        int excToInh = 1;
        Assert.StartsWith("projection 1: population inh runs on shard backend 'fixed-point', which cannot give weights",
            Assert.Throws<ArgumentException>(() => fixedPoint.GetWeights(excToInh)).Message);
        Assert.Contains("cannot take weights", Assert.Throws<ArgumentException>(() => fixedPoint.SetWeights(excToInh, [], [], [])).Message);
        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => fixedPoint.GetWeights(99)).Message);

        // The cpu shard takes them as before.
        shards[0].SetParameter(exc, "i_e", [5.0]);
        Assert.NotEmpty(shards[0].GetWeights(0).Source);
    }

    [Theory]
    [InlineData(2, 5, 1203)]
    [InlineData(6, 3, 1207)]
    public void Weights_set_on_the_cpu_backend_are_checkpointed_beside_a_backend_without_weights(int before, int after, int step)
    {
        var spec = TestNetworks.MixedBackends();
        // Uninterrupted: exc -> exc (cpu) and noise -> cond (cond on fixed-point, which cannot take them: left as built).
        var two = Enumerable.Range(0, 2).Select(k => ShardBackends.Build(new NetworkPlan(spec, 2), k)).ToArray();
        var set = TestNetworks.SetWeightsScaled(two, 0, 1.5f);
        var reference = TestNetworks.Spikes(SequentialRunner.Run(two, spec.Simulation.Steps));
        Assert.NotEqual(Reference.Value, reference);

        var plan = new NetworkPlan(spec, before);
        var first = Enumerable.Range(0, before).Select(k => ShardBackends.Build(plan, k)).ToArray();
        TestNetworks.SetWeightsScaled(first, 0, 1.5f);
        SequentialRunner.Run(first, step);
        var snapshots = first.Select(k => k.Snapshot()).ToArray();
        Assert.All(snapshots.Where((_, k) => first[k] is FixedPointShard), s => Assert.Empty(s.Weights));
        var checkpoint = Checkpoint.From(spec, snapshots);
        var resumed = SequentialRunner.Run(new NetworkPlan(spec, after), spec.Simulation.Steps, checkpoint, packetsPerWindow: 2);
        Assert.Equal(reference.Where(e => SpikeEvent.Step(e) >= step), TestNetworks.Spikes(resumed));
        Assert.Equal(set, TestNetworks.Weights(resumed, 0).Weight);

        // Weights of a fixed-point population's synapses are refused by its shards; an empty list of them is nothing to refuse.
        int inh = spec.PopulationIndex("inh");
        var fixedPoint = resumed.First(k => k is FixedPointShard && k.Plan.Slice(inh, k.Index).Count > 0);
        int target = fixedPoint.Plan.PopulationOffset(inh) + fixedPoint.Plan.Slice(inh, fixedPoint.Index).Start;
        Assert.Contains("population inh runs on shard backend 'fixed-point', which cannot take weights",
            Assert.Throws<ArgumentException>(() => fixedPoint.RestoreWeights([new SynapseWeights(1, [target], [0], [0], [60f])])).Message);
        fixedPoint.RestoreWeights([new SynapseWeights(1, [], [], [], [])]);
    }
}
