using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Storage.Tests.Checkpoints;

/// <summary>Weights set between runs travel in the parts' plastic sections and resume under any cut.</summary>
public class WeightsResumeTests
{
    private const int SetAt = 500;

    /// <summary>Shards that ran to <see cref="SetAt"/>, had exc -> exc (with multapses) and inh -> exc scaled, and ran on to <paramref name="step"/>.</summary>
    private static (IReadOnlyList<IShardBackend> Kernels, float[] Set0, float[] Set2) RunWithSetWeights(int shards, long step)
    {
        var plan = new NetworkPlan(Fixture.Spec, shards);
        var kernels = Enumerable.Range(0, shards).Select(k => ShardBackends.Build(plan, k)).ToArray();
        SequentialRunner.Run(kernels, SetAt);
        var set0 = TestNetworks.SetWeightsScaled(kernels, 0, 1.4f);
        var set2 = TestNetworks.SetWeightsScaled(kernels, 2, 0.7f);
        SequentialRunner.Run(kernels, step);
        return (kernels, set0, set2);
    }

    /// <summary>The uninterrupted run with the same weights set, on one shard: the reference.</summary>
    private static readonly Lazy<long[]> Reference = new(() => TestNetworks.Spikes(RunWithSetWeights(1, Fixture.Spec.Simulation.Steps).Kernels));

    [Theory]
    [InlineData(1003, 3, 2)]
    [InlineData(1007, 2, 5)]
    [InlineData(1000, 1, 3)]
    public void SetWeightsResumeFromTheDirectoryUnderAnyCutToTheUninterruptedRun(int step, int shardsBefore, int shardsAfter)
    {
        var (first, set0, set2) = RunWithSetWeights(shardsBefore, step);
        var dir = Fixture.Save(first);
        try
        {
            // Whole, as the CLI and the sequential runner load it.
            var loaded = CheckpointStore.Load(dir, Fixture.Layout);
            Assert.Equal([0, 2], loaded.Weights.Select(b => b.Projection).Distinct());
            var whole = SequentialRunner.Run(new NetworkPlan(Fixture.Spec, shardsAfter), Fixture.Spec.Simulation.Steps, loaded);
            Assert.Equal(Reference.Value, TestNetworks.Spikes(first.Concat(whole)));

            // Shard by shard, each reading only the sections of its gids, from the files and as bytes sent from elsewhere.
            var manifest = CheckpointDirectory.ReadManifest(dir, Fixture.Layout);
            var files = manifest.Parts.ToDictionary(p => p.File, p => File.ReadAllBytes(Path.Combine(dir, p.File)));
            var plan = new NetworkPlan(Fixture.Spec, shardsAfter);
            var second = Fixture.RunRestored(plan, Fixture.Spec.Simulation.Steps, kernel =>
            {
                var held = GidRange.HeldBy(plan, kernel.Index);
                var state = CheckpointDirectory.ReadForShard(dir, manifest, Fixture.Layout, held);
                var sent = CheckpointRestore.Decode(manifest, Fixture.Layout, held, s => files[s.Part.File].AsMemory((int)s.Section.Offset, (int)s.Section.Length));
                Assert.Equal(Describe(state.Weights), Describe(sent.Weights));
                // Only the targets this shard holds, and a block for every projection set (of the parts read).
                Assert.All(state.Weights, b => Assert.All(b.Target, t => Assert.True(GidRange.AnyContains(held, t))));
                Assert.Equal([0, 2], state.Weights.Select(b => b.Projection).Distinct().Order());
                state.RestoreInto(kernel);
            });
            Assert.Equal(Reference.Value, TestNetworks.Spikes(first.Concat(second)));
            Assert.Equal(set0, TestNetworks.Weights(second, 0).Weight);
            Assert.Equal(set2, TestNetworks.Weights(second, 2).Weight);
            Assert.Equal(TestNetworks.Weights([new ShardKernel(new NetworkPlan(Fixture.Spec, 1), 0)], 1).Weight, TestNetworks.Weights(second, 1).Weight);
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Fact]
    public void ACheckpointResumedFromMemoryCarriesItsWeightsToo()
    {
        var (first, set0, _) = RunWithSetWeights(2, 1005);
        var checkpoint = Checkpoint.From(Fixture.Spec, first.Select(k => k.Snapshot()));
        CheckpointSource source = checkpoint;
        var manifest = source.Manifest(Fixture.Layout);
        var plan = new NetworkPlan(Fixture.Spec, 3);
        var second = Fixture.RunRestored(plan, Fixture.Spec.Simulation.Steps,
            kernel => CheckpointRestore.Decode(manifest, Fixture.Layout, GidRange.HeldBy(plan, kernel.Index), s => source.Read(s)).RestoreInto(kernel));
        Assert.Equal(Reference.Value, TestNetworks.Spikes(first.Concat(second)));
        Assert.Equal(set0, TestNetworks.Weights(second, 0).Weight);

        // Weights the model cannot hold are refused before any shard is sent them.
        CheckpointSource unknown = checkpoint with { Weights = [checkpoint.Weights[0] with { Projection = 99 }] };
        Assert.Contains("does not fit the model: the snapshot holds weights of projection 99; the model has 10",
            Fixture.Refused(() => unknown.Manifest(Fixture.Layout)).Message);
    }

    [Fact]
    public void ACheckpointWithoutSetWeightsWritesThePlasticSectionOfEarlierBuildsAndResumesAsBefore()
    {
        // No weights set: an empty plastic section, the four zero bytes every format-2 checkpoint held before weights
        // were kept, so old and new checkpoints without set weights are the same bytes.
        var first = Fixture.RunTo(1003, 2);
        var dir = Fixture.Save(first);
        try
        {
            var manifest = CheckpointDirectory.ReadManifest(dir, Fixture.Layout);
            foreach (var part in manifest.Parts)
                Assert.Equal(new byte[4], CheckpointDirectory.ReadSection(dir, new SectionRef(part, part.Section(CheckpointSections.Plastic))));
            var loaded = CheckpointStore.Load(dir, Fixture.Layout);
            Assert.Empty(loaded.Weights);
            var second = SequentialRunner.Run(new NetworkPlan(Fixture.Spec, 3), Fixture.Spec.Simulation.Steps, loaded);
            Assert.Equal(Fixture.Reference.Value, TestNetworks.Spikes(first.Concat(second)));
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Fact]
    public void AResumedShardCountsTheRestoredWeightsAsSetSoItsNextCheckpointHoldsThemAgain()
    {
        var (first, set0, set2) = RunWithSetWeights(3, 1001);
        var dir = Fixture.Save(first);
        string? again = null;
        try
        {
            var loaded = CheckpointStore.Load(dir, Fixture.Layout);
            var second = SequentialRunner.Run(new NetworkPlan(Fixture.Spec, 2), 1502, loaded);
            again = Fixture.Save(second);
            var third = SequentialRunner.Run(new NetworkPlan(Fixture.Spec, 4), Fixture.Spec.Simulation.Steps, CheckpointStore.Load(again, Fixture.Layout));
            Assert.Equal(Reference.Value, TestNetworks.Spikes(first.Concat(second).Concat(third)));
            Assert.Equal(set0, TestNetworks.Weights(third, 0).Weight);
            Assert.Equal(set2, TestNetworks.Weights(third, 2).Weight);
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
            if (again is not null) Fixture.Delete(Path.GetDirectoryName(again)!);
        }
    }

    private static string Describe(IEnumerable<SynapseWeights> weights) => string.Join("|", weights.Select(b =>
        $"{b.Projection}:{string.Join(",", b.Target)}/{string.Join(",", b.Source)}/{string.Join(",", b.Multapse)}/{string.Join(",", b.Weight.Select(BitConverter.SingleToInt32Bits))}"));
}
