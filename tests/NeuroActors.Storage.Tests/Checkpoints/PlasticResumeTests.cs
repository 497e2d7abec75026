using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests;
using NeuroActors.Kernel.Tests.Plasticity;
using NeuroActors.Model;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Storage.Tests.Checkpoints;

/// <summary>
/// Plastic weights and their pairing state (traces, last presynaptic spikes, archived postsynaptic spikes) travel in
/// the parts' plastic sections, so a checkpoint in the middle of learning resumes under any cut to the straight run.
/// </summary>
public class PlasticResumeTests
{
    private static readonly NetworkSpec Spec = PlasticNetworks.Recurrent(durationMs: 250);
    private static readonly CheckpointLayout Layout = CheckpointLayout.Of(Spec);

    private static float[][] PlasticWeights(IReadOnlyList<IShardBackend> kernels) =>
        [.. PlasticNetworks.PlasticProjections.Select(j => TestNetworks.Weights(kernels, j).Weight)];

    private static readonly Lazy<(long[] Spikes, float[][] Weights)> Straight = new(() =>
    {
        var one = TestNetworks.Run(Spec, 1);
        return (TestNetworks.Spikes(one), PlasticWeights(one));
    });

    private static string Save(IReadOnlyList<ShardSnapshot> snapshots, CheckpointLayout? layout = null)
    {
        var dir = Path.Combine(Fixture.TempDir(), "checkpoint");
        try { CheckpointStore.Save(dir, layout ?? Layout, snapshots); }
        catch
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
            throw;
        }
        return dir;
    }

    [Theory]
    [InlineData(1203, 3, 2)]
    [InlineData(1500, 2, 5)]
    public void A_checkpoint_in_the_middle_of_learning_resumes_from_the_directory_under_any_cut(int step, int before, int after)
    {
        var first = SequentialRunner.Run(new NetworkPlan(Spec, before), step);
        var dir = Save([.. first.Select(k => k.Snapshot())]);
        try
        {
            var loaded = CheckpointStore.Load(dir, Layout);
            Assert.True(loaded.Archive.Count > 0);
            Assert.Equal(PlasticNetworks.PlasticProjections, loaded.Weights.Select(b => b.Projection).Distinct().Order());
            var whole = SequentialRunner.Run(new NetworkPlan(Spec, after), Spec.Simulation.Steps, loaded);
            Assert.Equal(Straight.Value.Spikes, TestNetworks.Spikes(first.Concat(whole)));
            Assert.Equal(Straight.Value.Weights, PlasticWeights(whole));

            // Shard by shard, each reading only the sections of its gids.
            var manifest = CheckpointDirectory.ReadManifest(dir, Layout);
            var plan = new NetworkPlan(Spec, after);
            var second = Fixture.RunRestored(plan, Spec.Simulation.Steps, kernel =>
            {
                var held = GidRange.HeldBy(plan, kernel.Index);
                var state = CheckpointDirectory.ReadForShard(dir, manifest, Layout, held);
                Assert.All(state.Archive.Gid, g => Assert.True(GidRange.AnyContains(held, g)));
                state.RestoreInto(kernel);
            });
            Assert.Equal(Straight.Value.Spikes, TestNetworks.Spikes(first.Concat(second)));
            Assert.Equal(Straight.Value.Weights, PlasticWeights(second));
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Fact]
    public void A_model_with_plastic_synapses_on_the_cpu_backend_beside_a_backend_without_weights_resumes_under_another_cut()
    {
        // The test backend's parts hold no weights: they still carry an empty block for every plastic projection.
        var mixed = TestNetworks.MixedBackends(durationMs: 120);
        var spec = mixed with
        {
            Projections = [.. mixed.Projections.Select((p, j) => j == 0 ? p with { Synapse = p.Synapse with { Plasticity = PlasticitySpec.Create(PlasticityRule.Stdp, new Dictionary<string, double> { ["lambda"] = 0.05, ["Wmax"] = 2 }) } } : p)],
        };
        var layout = CheckpointLayout.Of(spec);
        var straight = TestNetworks.Run(spec, 2);
        var first = SequentialRunner.Run(new NetworkPlan(spec, 2), 603);
        var dir = Path.Combine(Fixture.TempDir(), "checkpoint");
        try
        {
            CheckpointStore.Save(dir, layout, [.. first.Select(k => k.Snapshot())]);
            var second = SequentialRunner.Run(new NetworkPlan(spec, 3), spec.Simulation.Steps, CheckpointStore.Load(dir, layout));
            Assert.Equal(TestNetworks.Spikes(straight), TestNetworks.Spikes(first.Concat(second)));
            Assert.Equal(TestNetworks.Weights(straight, 0).Weight, TestNetworks.Weights(second, 0).Weight);
            Assert.NotEqual(TestNetworks.Weights([ShardBackends.Build(new NetworkPlan(spec, 2), 0)], 0).Weight, TestNetworks.Weights(second, 0).Weight);
        }
        finally
        {
            Fixture.Delete(Path.GetDirectoryName(dir)!);
        }
    }

    [Fact]
    public void Damaged_pairing_state_is_refused_naming_the_part_the_section_and_the_fault()
    {
        var first = SequentialRunner.Run(new NetworkPlan(Spec, 2), 1100);
        string Refused(Action<ShardSnapshot[]> damage, CheckpointLayout? writtenAs = null)
        {
            var snapshots = first.Select(k => k.Snapshot()).ToArray();
            damage(snapshots);
            var dir = Save(snapshots, writtenAs);
            try { return Fixture.Refused(() => CheckpointStore.Load(dir, Layout)).Message; }
            finally { Fixture.Delete(Path.GetDirectoryName(dir)!); }
        }
        SynapseWeights Block(ShardSnapshot s, int projection) => s.Weights.Single(b => b.Projection == projection);

        var message = Refused(s => Block(s[1], 0).Trace![3] = -0.5f);
        Assert.Contains("part-1.bin section 'plastic'", message);
        Assert.Contains("has presynaptic trace -0.5, not a finite number >= 0", message);
        Assert.Contains("-1 (none yet) or a step >= 0", Refused(s => Block(s[0], 4).LastSpike![0] = -7));
        Assert.Contains("the trace just after a spike is a finite number >= 1", Refused(s => s[0].Archive.KMinus[0] = 0.5));
        Assert.Contains("repeated or out of (gid, step) order", Refused(s => s[1].Archive.Step[1] = s[1].Archive.Step[0]));

        // A snapshot without its pairing state cannot be written; a section without a plastic projection's block cannot be read.
        var snapshots = first.Select(k => k.Snapshot()).ToArray();
        snapshots[0] = snapshots[0] with { Weights = [.. snapshots[0].Weights.Select(b => b.Projection == 5 ? b with { Trace = null } : b)] };
        Assert.Contains("come without their pairing state", Assert.Throws<ArgumentException>(() => Save(snapshots)).Message);
        // Written by a writer that took projection 1 for static.
        var static1 = Layout with { Projections = [.. Layout.Projections.Select((p, j) => j == 1 ? p with { Plastic = false } : p)] };
        Assert.Contains("projection 1 (noise-restr) is plastic and has no block",
            Refused(s => s[0] = s[0] with { Weights = [.. s[0].Weights.Where(b => b.Projection != 1)] }, static1));
    }
}
