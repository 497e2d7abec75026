using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Tests;
using NeuroActors.Model;
using NeuroActors.Model.Tests;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;

namespace NeuroActors.Runtime.Tests.Sessions;

/// <summary>A session over connections read from files: its weights are the files' entries, synapse by synapse.</summary>
public class FromFileSessionTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task GetWeights_gives_every_file_connection_with_its_weight_and_rounded_delay_and_the_run_matches_the_kernel()
    {
        var lists = FileNetworks.Lists();
        var dir = Directory.CreateTempSubdirectory("session-from-file-").FullName;
        try
        {
            // One format per projection: the readers meet in one model.
            var read = lists.Select((c, j) =>
            {
                string path = Path.Combine(dir, $"p{j}." + (j % 3 == 0 ? "csv" : j % 3 == 1 ? "npy" : "h5"));
                if (j % 3 == 0) ConnectionWriters.Csv(path, c);
                else if (j % 3 == 1) ConnectionWriters.NpyStructured(path, c);
                else ConnectionWriters.Sonata(path, c);
                return ConnectionFile.Read(path);
            }).ToArray();
            var spec = FileNetworks.Spec(read, durationMs: 40);
            var plan = new NetworkPlan(spec, 1);

            await using var session = await Session.BuildAsync(spec, new SessionOptions { Shards = 3, Config = SerializeMessagesRunTests.Strict }).WaitAsync(Guard);
            for (int j = 0; j < spec.Projections.Count; j++)
            {
                var pr = spec.Projections[j];
                int sOffset = plan.PopulationOffset(spec.PopulationIndex(pr.Source)), tOffset = plan.PopulationOffset(spec.PopulationIndex(pr.Target));
                var c = lists[j];
                var order = Enumerable.Range(0, c.Count).OrderBy(i => c.Targets[i]).ThenBy(i => c.Sources[i]).ThenBy(i => i).ToArray();

                var w = await session.GetWeightsAsync(pr.Label).WaitAsync(Guard);

                Assert.Equal(order.Select(i => sOffset + c.Sources[i]), w.Source);
                Assert.Equal(order.Select(i => tOffset + c.Targets[i]), w.Target);
                Assert.Equal(order.Select(i => (float)c.Weights[i]), w.Weight);
                Assert.Equal(order.Select(i => Math.Max(1, (int)Math.Round(c.DelaysMs[i] / spec.Simulation.DtMs))), w.DelaySteps);
            }
            await session.RunAsync(40).WaitAsync(Guard);
            var result = await session.CollectAsync().WaitAsync(Guard);

            Assert.Equal(TestNetworks.Spikes(TestNetworks.Run(FileNetworks.Spec(lists, durationMs: 40), 1)), ActorRuntimeTests.Packed(result, plan));
            Assert.Equal(lists.Sum(c => c.Count), result.Stats.Synapses);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
