using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Loihi.Tests;

/// <summary>A format-2 checkpoint of Loihi shards, written to files and read back, resumes to the uninterrupted run.</summary>
public class LoihiCheckpointFileTests
{
    [Fact]
    public void A_checkpoint_directory_with_Loihi_input_groups_resumes_under_another_cut()
    {
        var spec = LoihiNetworks.Pure();
        const int step = 137;
        var uninterrupted = LoihiNetworks.Spikes(LoihiNetworks.Run(spec, 2));
        var first = SequentialRunner.Run(new NetworkPlan(spec, 3), step);
        string dir = Path.Combine(Path.GetTempPath(), "loihi-ckpt-" + Guid.NewGuid().ToString("N"));
        try
        {
            var layout = CheckpointLayout.Of(spec);
            CheckpointStore.Save(dir, layout, [.. first.Select(k => k.Snapshot())]);
            var checkpoint = CheckpointStore.Load(dir, layout);
            // Receptors 1 and 2 of population a are the input groups of b → a's and a → a's negative exponents
            // (a receptor above 1 exists only on Loihi cores), which the files must carry.
            int a = spec.PopulationIndex("a");
            var plan = new NetworkPlan(spec, 1);
            Assert.Contains(checkpoint.Pending, p => p.Receptor == 2 && plan.PopulationOf(p.Gid) == a);
            Assert.Contains(checkpoint.Pending, p => p.Receptor == 1 && plan.PopulationOf(p.Gid) == a);
            Assert.Equal(["u", "v", "refractory_steps"], layout.Populations[spec.PopulationIndex("a")].State);
            var resumed = SequentialRunner.Run(new NetworkPlan(spec, 7), spec.Simulation.Steps, checkpoint);
            Assert.Equal(uninterrupted.Where(e => SpikeEvent.Step(e) >= step), LoihiNetworks.Spikes(resumed));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
