using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests;

// Weights set between runs are state: snapshots and checkpoints hold them, keyed so that any cut restores them.
public class WeightsStateTests
{
    private static IShardBackend[] Build(NetworkSpec spec, int shards)
    {
        var plan = new NetworkPlan(spec, shards);
        return Enumerable.Range(0, shards).Select(k => ShardBackends.Build(plan, k)).ToArray();
    }

    private static long[] SpikesFrom(IEnumerable<IShardBackend> kernels, long step) =>
        TestNetworks.Spikes(kernels).Where(e => SpikeEvent.Step(e) >= step).ToArray();

    [Fact]
    public void A_snapshot_holds_the_weights_of_exactly_the_projections_set_keyed_for_any_cut_and_a_reset_keeps_them()
    {
        var spec = TestNetworks.Mixed();
        var three = Build(spec, 3);
        Assert.All(three, k => Assert.Empty(k.Snapshot().Weights));
        var set0 = TestNetworks.SetWeightsScaled(three, 0);
        var set2 = TestNetworks.SetWeightsScaled(three, 2);
        foreach (var k in three) k.ResetState(1);

        var snapshots = three.Select(k => k.Snapshot()).ToArray();
        Assert.All(snapshots, s => Assert.Equal([0, 2], s.Weights.Select(b => b.Projection)));
        Assert.All(three.Cast<ShardKernel>(), k => Assert.True(k.WeightsSet(0) && k.WeightsSet(2) && !k.WeightsSet(1)));
        foreach (var (projection, set) in new[] { (0, set0), (2, set2) })
        {
            var whole = TestNetworks.Weights(three, projection);
            var blocks = snapshots.Select(s => s.Weights.Single(b => b.Projection == projection)).ToArray();
            Assert.Equal(whole.Target, blocks.SelectMany(b => b.Target));
            Assert.Equal(whole.Source, blocks.SelectMany(b => b.Source));
            Assert.Equal(set, blocks.SelectMany(b => b.Weight));
            // The k-th synapse of a pair, counted independently over the whole projection.
            var seen = new Dictionary<(int, int), int>();
            var multapse = whole.Source.Zip(whole.Target, (s, t) => seen[(s, t)] = seen.GetValueOrDefault((s, t), -1) + 1).ToArray();
            Assert.Equal(multapse, blocks.SelectMany(b => b.Multapse));
        }
        Assert.Contains(snapshots.SelectMany(s => s.Weights.Single(b => b.Projection == 0).Multapse), m => m > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Set_weights_are_partition_invariant(int shards)
    {
        var spec = TestNetworks.Mixed(durationMs: 100);
        var one = Build(spec, 1);
        TestNetworks.SetWeightsScaled(one, 0, 1.3f);
        TestNetworks.SetWeightsScaled(one, 3);
        var reference = TestNetworks.Spikes(SequentialRunner.Run(one, spec.Simulation.Steps));

        var cut = Build(spec, shards);
        TestNetworks.SetWeightsScaled(cut, 0, 1.3f);
        TestNetworks.SetWeightsScaled(cut, 3);
        Assert.Equal(reference, TestNetworks.Spikes(SequentialRunner.Run(cut, spec.Simulation.Steps, scheduleSeed: shards)));
        Assert.NotEqual(TestNetworks.Spikes(TestNetworks.Run(spec, shards)), reference);
    }

    [Theory]
    [InlineData(653, 3, 2)]
    [InlineData(650, 1, 4)]
    public void A_checkpoint_of_set_weights_resumes_under_another_cut_to_the_uninterrupted_run(int step, int shardsBefore, int shardsAfter)
    {
        var spec = TestNetworks.Mixed(durationMs: 100);
        // Uninterrupted: weights set after 30 ms, on one shard.
        var one = Build(spec, 1);
        SequentialRunner.Run(one, 300);
        var set0 = TestNetworks.SetWeightsScaled(one, 0, 1.4f);
        var set2 = TestNetworks.SetWeightsScaled(one, 2);
        SequentialRunner.Run(one, spec.Simulation.Steps);

        var before = Build(spec, shardsBefore);
        SequentialRunner.Run(before, 300);
        TestNetworks.SetWeightsScaled(before, 0, 1.4f);
        TestNetworks.SetWeightsScaled(before, 2);
        SequentialRunner.Run(before, step);
        var checkpoint = Checkpoint.From(spec, before.Select(k => k.Snapshot()));
        Assert.Equal([0, 2], checkpoint.Weights.Select(b => b.Projection));

        var after = SequentialRunner.Run(new NetworkPlan(spec, shardsAfter), spec.Simulation.Steps, checkpoint);
        Assert.Equal(TestNetworks.Spikes(one), TestNetworks.Spikes(before.Concat(after)));
        Assert.Equal(set0, TestNetworks.Weights(after, 0).Weight);
        Assert.Equal(set2, TestNetworks.Weights(after, 2).Weight);
        Assert.Equal(TestNetworks.Weights(Build(spec, 1), 1).Weight, TestNetworks.Weights(after, 1).Weight);
        // And the resumed shards count them as set, so their own checkpoints hold them again.
        Assert.All(after.Cast<ShardKernel>(), k => Assert.True(k.WeightsSet(0) && k.WeightsSet(2) && !k.WeightsSet(1)));

        // The control: the same state with the built weights goes on differently.
        var built = SequentialRunner.Run(new NetworkPlan(spec, shardsAfter), spec.Simulation.Steps, checkpoint with { Weights = [] });
        Assert.NotEqual(SpikesFrom(one, step), TestNetworks.Spikes(built));
    }

    [Fact]
    public void Restoring_a_snapshot_brings_back_its_weights_and_the_built_weights_of_projections_set_after_it()
    {
        var spec = TestNetworks.Mixed(durationMs: 70);
        var kernels = Build(spec, 3);
        var built2 = TestNetworks.Weights(kernels, 2).Weight;
        var set0 = TestNetworks.SetWeightsScaled(kernels, 0, 1.2f);
        SequentialRunner.Run(kernels, 403);
        var snapshots = kernels.Select(k => k.Snapshot()).ToArray();
        SequentialRunner.Run(kernels, spec.Simulation.Steps);
        var first = SpikesFrom(kernels, 403);

        TestNetworks.SetWeightsScaled(kernels, 0, 0.3f);
        TestNetworks.SetWeightsScaled(kernels, 2, 2f);
        var inflight = snapshots.SelectMany(s => s.Outbox).Order().ToArray();
        for (int i = 0; i < kernels.Length; i++)
        {
            kernels[i].RestoreWeights(snapshots[i].Weights);
            kernels[i].Restore(snapshots[i].Step, snapshots[i].Neurons, snapshots[i].Pending, inflight);
            kernels[i].Recordings.TruncateFrom(403);
        }
        Assert.Equal(set0, TestNetworks.Weights(kernels, 0).Weight);
        Assert.Equal(built2, TestNetworks.Weights(kernels, 2).Weight);
        Assert.All(kernels.Cast<ShardKernel>(), k => Assert.False(k.WeightsSet(2)));

        SequentialRunner.Run(kernels, spec.Simulation.Steps);
        Assert.NotEmpty(first);
        Assert.Equal(first, SpikesFrom(kernels, 403));
    }

    [Fact]
    public void Restored_weights_that_do_not_name_the_shards_synapses_once_each_are_refused_and_change_nothing()
    {
        var spec = TestNetworks.Mixed();
        var kernel = (ShardKernel)Build(spec, 1)[0];
        var set0 = TestNetworks.SetWeightsScaled([kernel], 0);
        TestNetworks.SetWeightsScaled([kernel], 6);
        var good = kernel.Snapshot().Weights;
        var block = good.Single(b => b.Projection == 0);
        int t = block.Target[0], s = block.Source[0];
        int unconnected = Enumerable.Range(0, 160).First(x => !Enumerable.Range(0, block.Count).Any(i => block.Target[i] == t && block.Source[i] == x));
        int last = Enumerable.Range(0, block.Count).Last(i => block.Target[i] == t && block.Source[i] == s);

        SynapseWeights With(Func<SynapseWeights, (int T, int S, int M, float W)[]> change)
        {
            var e = change(block);
            return new SynapseWeights(0, [.. e.Select(x => x.T)], [.. e.Select(x => x.S)], [.. e.Select(x => x.M)], [.. e.Select(x => x.W)]);
        }
        (int, int, int, float)[] Entries(SynapseWeights b) => [.. Enumerable.Range(0, b.Count).Select(i => (b.Target[i], b.Source[i], b.Multapse[i], b.Weight[i]))];
        string Refused(params SynapseWeights[] weights) => Assert.ThrowsAny<ArgumentException>(() => kernel.RestoreWeights(weights)).Message;

        Assert.Contains($"synapse {block.Source[^1]} -> {block.Target[^1]} (multapse {block.Multapse[^1]}) is not given", Refused(With(b => Entries(b)[..^1])));
        Assert.Contains($"has no synapse {unconnected} -> {t} (multapse 0)", Refused(With(b => [.. Entries(b), (t, unconnected, 0, 1f)])));
        Assert.Contains($"has no synapse {s} -> {t} (multapse {block.Multapse[last] + 1})", Refused(With(b => [.. Entries(b), (t, s, block.Multapse[last] + 1, 1f)])));
        Assert.Contains($"synapse {s} -> {t} (multapse 0) is given twice", Refused(With(b => [.. Entries(b), Entries(b)[0]])));
        Assert.Contains("is given twice", Refused(block, block));
        Assert.Contains("a weight must be finite", Refused(With(b => [.. Entries(b).Select((x, i) => i == 5 ? (x.Item1, x.Item2, x.Item3, float.NaN) : x)])));
        Assert.Contains("excitatory, so weights must be >= 0", Refused(With(b => [.. Entries(b).Select((x, i) => i == 5 ? (x.Item1, x.Item2, x.Item3, -1f) : x)])));
        Assert.Contains("sources are gids 0..159", Refused(With(b => [.. Entries(b).Select((x, i) => i == 0 ? (x.Item1, 170, x.Item3, x.Item4) : x)])));
        Assert.Contains("projection 99 does not exist", Refused(block with { Projection = 99 }));
        Assert.Contains("give one of each per synapse", Refused(block with { Weight = block.Weight[1..] }));

        // Nothing changed: projection 0 keeps its weights, and projection 6, not listed in any refused restore, is still set.
        Assert.Equal(set0, kernel.GetWeights(0).Weight);
        Assert.True(kernel.WeightsSet(0) && kernel.WeightsSet(6));
        kernel.RestoreWeights(good);
        Assert.Equal(set0, kernel.GetWeights(0).Weight);
    }
}
