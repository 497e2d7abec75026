using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Plasticity;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Plasticity;

// Learning is partition-invariant: weights and spikes are bit for bit those of one shard, for any cut, schedule and
// packets per window, and a checkpoint in the middle of learning resumes under another cut to the straight run.
public class PlasticPartitionTests
{
    private static readonly NetworkSpec Spec = PlasticNetworks.Recurrent();

    private static float[][] PlasticWeights(IReadOnlyList<IShardBackend> kernels) =>
        [.. PlasticNetworks.PlasticProjections.Select(j => TestNetworks.Weights(kernels, j).Weight)];

    private static readonly Lazy<(long[] Spikes, float[][] Weights)> Straight = new(() =>
    {
        var one = TestNetworks.Run(Spec, 1);
        return (TestNetworks.Spikes(one), PlasticWeights(one));
    });

    [Fact]
    public void The_network_learns_every_rule_changes_its_weights()
    {
        var built = new[] { ShardBackends.Build(new NetworkPlan(Spec, 1), 0) };
        var initial = PlasticWeights(built);
        for (int k = 0; k < initial.Length; k++) Assert.NotEqual(initial[k], Straight.Value.Weights[k]);
        var changes = Straight.Value.Weights.Zip(initial, (after, before) => after.Zip(before, (a, b) => a - b)).SelectMany(x => x).ToArray();
        Assert.Contains(changes, c => c > 0);
        Assert.Contains(changes, c => c < 0);
        Assert.True(Straight.Value.Spikes.Length > 500, $"{Straight.Value.Spikes.Length} spikes");
        // Static synapses stay 8 bytes; a plastic one adds its trace and rule index.
        var kernel = (ShardKernel)built[0];
        Assert.True(kernel.PlasticSynapseCount > 1000);
        Assert.Equal(13, PlasticSynapses.BytesPerSynapse);
        Assert.True((double)kernel.PlasticSynapseBytes / kernel.PlasticSynapseCount <= 16, $"{(double)kernel.PlasticSynapseBytes / kernel.PlasticSynapseCount} bytes per plastic synapse");
    }

    [Fact]
    public void The_archive_forgets_the_spikes_every_synapse_has_paired_with()
    {
        // What stays is what some synapse has not read yet (its source has not fired since): about the last
        // inter-spike interval of the slowest source, however long the run.
        var kernels = TestNetworks.Run(Spec, 2);
        long archived = kernels.Sum(k => k.Snapshot().Archive.Count);
        long postsynaptic = TestNetworks.Spikes(kernels).Count(e => SpikeEvent.Gid(e) < 150); // exc and inh
        Assert.True(archived > 0 && archived < postsynaptic, $"{archived} spikes archived of {postsynaptic}");
        SequentialRunner.Run(kernels, 3 * Spec.Simulation.Steps);
        long later = kernels.Sum(k => k.Snapshot().Archive.Count);
        long threeTimes = TestNetworks.Spikes(kernels).Count(e => SpikeEvent.Gid(e) < 150);
        Assert.True(threeTimes > 2.5 * postsynaptic && later < 1.5 * archived, $"{later} spikes archived of {threeTimes}, after {archived} of {postsynaptic}");
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    public void Weights_and_spikes_are_the_same_for_any_number_of_shards(int shards, int packetsPerWindow)
    {
        var plan = new NetworkPlan(Spec, shards);
        var kernels = SequentialRunner.Run(plan, Spec.Simulation.Steps, scheduleSeed: shards, packetsPerWindow: packetsPerWindow);
        Assert.Equal(Straight.Value.Spikes, TestNetworks.Spikes(kernels));
        var weights = PlasticWeights(kernels);
        for (int k = 0; k < weights.Length; k++) Assert.Equal(Straight.Value.Weights[k], weights[k]);
    }

    [Theory]
    [InlineData(1003, 3, 2)]
    [InlineData(1500, 1, 7)]
    [InlineData(2017, 7, 1)]
    public void A_checkpoint_in_the_middle_of_learning_resumes_under_another_cut_to_the_straight_run(int step, int before, int after)
    {
        var first = SequentialRunner.Run(new NetworkPlan(Spec, before), step, scheduleSeed: 1);
        var checkpoint = Checkpoint.From(Spec, first.Select(k => k.Snapshot()));
        Assert.True(checkpoint.Archive.Count > 0);
        Assert.All(PlasticNetworks.PlasticProjections, j => Assert.NotNull(checkpoint.Weights.Single(b => b.Projection == j).Trace));
        var second = SequentialRunner.Run(new NetworkPlan(Spec, after), Spec.Simulation.Steps, checkpoint, scheduleSeed: 2);
        Assert.Equal(Straight.Value.Spikes, TestNetworks.Spikes(first.Concat(second)));
        var weights = PlasticWeights(second);
        for (int k = 0; k < weights.Length; k++) Assert.Equal(Straight.Value.Weights[k], weights[k]);
    }

    [Fact]
    public void Weights_set_on_a_plastic_projection_go_on_learning_from_there_and_a_reset_keeps_the_learned_weights()
    {
        var one = SequentialRunner.Run(new NetworkPlan(Spec, 1), 1000);
        var set = TestNetworks.SetWeightsScaled(one, 0, 0.9f);
        SequentialRunner.Run(one, Spec.Simulation.Steps);
        var three = SequentialRunner.Run(new NetworkPlan(Spec, 3), 1000, scheduleSeed: 4);
        Assert.Equal(set, TestNetworks.SetWeightsScaled(three, 0, 0.9f));
        SequentialRunner.Run(three, Spec.Simulation.Steps, scheduleSeed: 5);
        Assert.Equal(TestNetworks.Spikes(one), TestNetworks.Spikes(three));
        Assert.Equal(TestNetworks.Weights(one, 0).Weight, TestNetworks.Weights(three, 0).Weight);

        var learned = TestNetworks.Weights(three, 0).Weight;
        foreach (var k in three) k.ResetState(1);
        Assert.Equal(learned, TestNetworks.Weights(three, 0).Weight);

        // A weight outside [0, Wmax] is refused with the projection, the synapse and the rule's range.
        var w = TestNetworks.Weights(three, 0);
        var bad = (float[])w.Weight.Clone();
        bad[5] = 3.5f;
        var ex = Assert.Throws<ArgumentException>(() => three[0].SetWeights(0, w.Source, w.Target, bad));
        Assert.Contains("stdp weights lie in [0, 3]", ex.Message);
    }
}
