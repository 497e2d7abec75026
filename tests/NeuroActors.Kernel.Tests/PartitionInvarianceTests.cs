using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Tests;

public class PartitionInvarianceTests
{
    private static readonly Lazy<long[]> Reference = new(() => TestNetworks.Spikes(TestNetworks.Run(TestNetworks.Mixed(), 1)));

    [Fact]
    public void TheReferenceNetworkIsActiveInEveryPopulation()
    {
        var spec = TestNetworks.Mixed();
        var plan = new NetworkPlan(spec, 1);
        var spikes = Reference.Value;
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            int count = spikes.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == p);
            Assert.True(count > spec.Populations[p].Size, $"population {spec.Populations[p].Name} fired only {count} spikes");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void SpikesAreBitwiseIdenticalForAnyNumberOfShards(int shards)
    {
        var spikes = TestNetworks.Spikes(TestNetworks.Run(TestNetworks.Mixed(), shards, scheduleSeed: shards));
        Assert.Equal(Reference.Value, spikes);
    }

    // COBA: conductance neurons on the vector paths, one-step windows, recurrent activity that any difference in a
    // single bit of a membrane potential would soon change; Brette's start adds random initial conductances.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CobaSpikesAreBitwiseIdenticalForOneTwoAndThreeShards(bool brette2007)
    {
        var spec = TestNetworks.Coba(brette2007: brette2007);
        Assert.Equal(1, new NetworkPlan(spec, 1).WindowSteps);
        var reference = TestNetworks.Spikes(TestNetworks.Run(spec, 1));
        // Several spikes per neuron and second, still firing in the last 10 ms.
        long lastSteps = spec.Simulation.Steps - 100;
        Assert.True(reference.Length > 4000 * 0.05 * 5, $"only {reference.Length} spikes");
        Assert.Contains(reference, e => SpikeEvent.Step(e) >= lastSteps);
        foreach (int shards in new[] { 2, 3 })
            Assert.Equal(reference, TestNetworks.Spikes(TestNetworks.Run(spec, shards, scheduleSeed: shards)));
    }

    // The cluster cut: every population in slices of at most N neurons, one slice per shard (N = 7 gives 42 shards).
    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    public void SpikesAreBitwiseIdenticalWhenEverySliceIsAShard(int maxNeurons)
    {
        var spec = TestNetworks.Mixed();
        var cut = spec.Populations.SelectMany((pop, p) => Enumerable.Range(0, (pop.Size + maxNeurons - 1) / maxNeurons)
                .Select(i => (IReadOnlyList<ShardSlice>)[new ShardSlice(p, i * maxNeurons, Math.Min(maxNeurons, pop.Size - i * maxNeurons))]))
            .ToList();
        var plan = new NetworkPlan(spec, cut);

        var spikes = TestNetworks.Spikes(SequentialRunner.Run(plan, spec.Simulation.Steps, scheduleSeed: maxNeurons));

        Assert.Equal(Reference.Value, spikes);
        Assert.All(Enumerable.Range(0, plan.Shards), k => Assert.Equal(1, Enumerable.Range(0, spec.Populations.Count).Count(p => plan.Slice(p, k).Count > 0)));
    }

    [Fact]
    public void A_cut_that_misses_or_repeats_neurons_is_refused()
    {
        var spec = TestNetworks.Mixed();
        var whole = spec.Populations.Select((pop, p) => new ShardSlice(p, 0, pop.Size)).ToList();

        var gap = Assert.Throws<ArgumentException>(() => new NetworkPlan(spec, [whole.Skip(1).ToList(), [new ShardSlice(0, 1, 159)]]));
        var overlap = Assert.Throws<ArgumentException>(() => new NetworkPlan(spec, [whole, [new ShardSlice(0, 5, 10)]]));

        Assert.Contains("neurons 0..0 are in no shard", gap.Message);
        Assert.Contains("neuron 5 is in two shards", overlap.Message);
    }

    [Fact]
    public void Given_routes_decide_who_waits_for_whom_and_must_name_real_shards()
    {
        var spec = TestNetworks.Mixed();
        var cut = ShardCut.Equal(spec, 3);

        var plan = new NetworkPlan(cut, [[0, 1, 2], [1, 1], [0]]);

        Assert.Equal(new[] { 1 }, plan.Downstream[1]);
        Assert.Equal(new[] { 0, 2 }, plan.Upstream[0]);
        Assert.Equal(new[] { 0, 1 }, plan.Upstream[1]);
        var error = Assert.Throws<ArgumentException>(() => new NetworkPlan(cut, [[0], [3], [1]]));
        Assert.Contains("shard 1 routes to a shard outside 0..2", error.Message);
    }

    [Fact]
    public void ShardOf_finds_the_shard_of_every_neuron_for_uneven_cuts()
    {
        var spec = TestNetworks.Mixed();
        var plan = new NetworkPlan(spec, [[new ShardSlice(0, 100, 60)], [new ShardSlice(0, 0, 100), .. spec.Populations.Skip(1).Select((pop, i) => new ShardSlice(i + 1, 0, pop.Size))]]);

        Assert.Equal(1, plan.Cut.ShardOf(0, 0));
        Assert.Equal(1, plan.Cut.ShardOf(0, 99));
        Assert.Equal(0, plan.Cut.ShardOf(0, 100));
        Assert.Equal(0, plan.Cut.ShardOf(0, 159));
        Assert.Equal(1, plan.Cut.ShardOf(3, 49));
    }

    // Every variable of every state recorder: iaf_psc_exp's v and i_syn_ex, Izhikevich's v and u (driven by dc and step
    // currents on some neurons only).
    [Fact]
    public void StateTracesAreBitwiseIdenticalAcrossPartitions()
    {
        static double[] Trace(int shards) => TestNetworks.Run(TestNetworks.Mixed(), shards)
            .SelectMany(k => k.Recordings.Probes)
            .SelectMany(p => p.Variables.SelectMany((v, j) => p.Neurons.Select((n, i) => (p.Population, n, v, values: p.Values[j][i]))))
            .OrderBy(x => x.Population).ThenBy(x => x.n).ThenBy(x => x.v).SelectMany(x => x.values).ToArray();
        var one = Trace(1);
        Assert.Equal(2 * 3 * 2 * TestNetworks.Mixed().Simulation.Steps, one.Length); // two recorders, three neurons, two variables
        Assert.Equal(one, Trace(3));
        Assert.Equal(one, Trace(7));
    }

    [Fact]
    public void SynapseCountDoesNotDependOnThePartition()
    {
        var spec = TestNetworks.Mixed();
        long Synapses(int shards) => Enumerable.Range(0, shards).Sum(k => new ShardKernel(new NetworkPlan(spec, shards), k).SynapseCount);
        Assert.Equal(Synapses(1), Synapses(5));
    }
}
