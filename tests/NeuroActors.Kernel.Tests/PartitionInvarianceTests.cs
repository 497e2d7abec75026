using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;

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

    [Fact]
    public void StateTracesAreBitwiseIdenticalAcrossPartitions()
    {
        static double[] Trace(int shards) => TestNetworks.Run(TestNetworks.Mixed(), shards)
            .SelectMany(k => k.Probes)
            .SelectMany(p => p.Neurons.Select((n, i) => (n, values: p.Values[0][i])))
            .OrderBy(x => x.n).SelectMany(x => x.values).ToArray();
        Assert.Equal(Trace(1), Trace(3));
    }

    [Fact]
    public void SynapseCountDoesNotDependOnThePartition()
    {
        var spec = TestNetworks.Mixed();
        long Synapses(int shards) => Enumerable.Range(0, shards).Sum(k => new ShardKernel(new NetworkPlan(spec, shards), k).SynapseCount);
        Assert.Equal(Synapses(1), Synapses(5));
    }
}
