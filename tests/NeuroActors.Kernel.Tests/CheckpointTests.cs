using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Shard;

namespace NeuroActors.Kernel.Tests;

// Resuming from checkpoint files is tested in NeuroActors.Storage.Tests, which owns the files.
public class CheckpointTests
{
    [Fact]
    public void ACheckpointOfAnotherModelIsRefused()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var kernels = SequentialRunner.Run(new NetworkPlan(spec, 1), 50);
        var checkpoint = Checkpoint.From(spec, kernels.Select(k => k.Snapshot()));
        var other = TestNetworks.Mixed(durationMs: 20, seed: 8);
        var ex = Assert.Throws<InvalidOperationException>(() => checkpoint.RestoreInto(new ShardKernel(new NetworkPlan(other, 1), 0)));
        Assert.Contains("different model or seed", ex.Message);
    }

    [Fact]
    public void StateNamesNameEveryColumnOfAStateRow()
    {
        var spec = TestNetworks.Mixed(durationMs: 20);
        var kernel = new ShardKernel(new NetworkPlan(spec, 1), 0);
        var snapshot = kernel.Snapshot();
        var plan = kernel.Plan;
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            var names = ShardKernel.StateNames(spec, p);
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.All(snapshot.Neurons.Where(n => plan.PopulationOf(n.Gid) == p), n => Assert.Equal(names.Count, n.Values.Length));
        }
        // iaf_psc_delta keeps a refractory countdown beside its variables; a Poisson source, Izhikevich and a spike
        // array keep none.
        Assert.Equal(new[] { "v", NeuronGroup.CounterName }, ShardKernel.StateNames(spec, spec.PopulationIndex("exc")));
        Assert.DoesNotContain(NeuronGroup.CounterName, ShardKernel.StateNames(spec, spec.PopulationIndex("noise")));
        Assert.Equal(new[] { "v", "u" }, ShardKernel.StateNames(spec, spec.PopulationIndex("izh")));
        Assert.Empty(ShardKernel.StateNames(spec, spec.PopulationIndex("array"))); // its spikes follow from the step alone
    }
}
