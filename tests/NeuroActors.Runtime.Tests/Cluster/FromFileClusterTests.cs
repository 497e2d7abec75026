using NeuroActors.Kernel.Tests;
using NeuroActors.Model;
using NeuroActors.Model.Tests;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Tests.Cluster;

/// <summary>
/// Connections read from files reach cluster workers inside the model: the files need not exist on any worker (here
/// they are deleted before the run), and the run gives the spikes of one process bit for bit.
/// </summary>
[Collection(LoopbackClusterCollection.Name)]
public class FromFileClusterTests
{
    [Fact]
    public async Task Three_workers_without_the_files_give_the_spikes_of_one_process()
    {
        var dir = Directory.CreateTempSubdirectory("cluster-from-file-").FullName;
        var lists = FileNetworks.Lists();
        string model = Path.Combine(dir, "model.yaml");
        for (int j = 0; j < lists.Length; j++)
            if (j % 2 == 0) ConnectionWriters.Sonata(Path.Combine(dir, $"p{j}.h5"), lists[j], population: $"p{j}");
            else ConnectionWriters.NpyColumns(Path.Combine(dir, $"p{j}.npy"), lists[j]);
        File.WriteAllText(model, """
            simulation: {name: from-file, dt: 0.1, duration: 60, seed: 11, max_neurons_per_shard: 16}
            populations:
              - {name: in, size: 40, model: poisson_source, parameters: {rate: 20}}
              - name: exc
                size: 60
                model: iaf_psc_delta
                parameters: {tau_m: 20, c_m: 1, e_l: 0, v_th: 20, v_reset: 10, t_ref: 2}
                initial: {v: {uniform: [0, 20]}}
              - name: inh
                size: 20
                model: iaf_psc_exp
                parameters: {tau_m: 10, e_l: -65, v_th: -50, v_reset: -65, tau_syn_ex: 2, tau_syn_in: 5}
                initial: {v: {uniform: [-65, -51]}}
            projections:
              - {source: in, target: exc, connector: {rule: from_file, file: p0.h5, edge_population: p0}, synapse: {receptor: excitatory}}
              - {source: exc, target: exc, connector: {rule: from_file, file: p1.npy}}
              - {source: exc, target: inh, connector: {rule: from_file, file: p2.h5}, synapse: {receptor: excitatory}}
              - {source: inh, target: exc, connector: {rule: from_file, file: p3.npy}, synapse: {receptor: inhibitory}}
            stimuli:
              - {type: poisson_generator, target: exc, rate: 10000, weight: 0.1}
              - {type: poisson_generator, target: inh, rate: 6000, weight: 20}
            recorders:
              - {type: spikes, population: in}
              - {type: spikes, population: exc}
              - {type: spikes, population: inh}
              - {type: state, population: inh, neurons: [0, 7, 19], variables: [v, i_syn_ex]}
            """);
        var spec = ModelLoader.Load(model);
        Directory.Delete(dir, recursive: true);

        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        await using var cluster = new LoopbackCluster(workers: 3);
        var distributed = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 3, TimeSpan.FromSeconds(30));

        Assert.True(distributed.Stats.Shards > 3, $"{distributed.Stats.Shards} shards");
        Assert.Equal(lists.Sum(c => c.Count), distributed.Stats.Synapses);
        Assert.Equal(single.Stats.Spikes, distributed.Stats.Spikes);
        Assert.True(single.Stats.Spikes > 100, $"{single.Stats.Spikes} spikes");
        for (int p = 0; p < single.Spikes.Count; p++)
        {
            Assert.Equal(single.Spikes[p].NeuronIds, distributed.Spikes[p].NeuronIds);
            Assert.Equal(single.Spikes[p].TimesMs, distributed.Spikes[p].TimesMs);
        }
        // The YAML model is the builder's network: the same connections, the same spikes as the kernel's own run.
        Assert.Equal(TestNetworks.Spikes(TestNetworks.Run(FileNetworks.Spec(lists, durationMs: 60), 2)),
            ActorRuntimeTests.Packed(distributed, new Kernel.Network.NetworkPlan(spec, 1)));
    }

    [Fact]
    public async Task A_model_too_large_for_a_cluster_message_is_refused_with_its_size_before_any_worker_is_asked()
    {
        // 1.6 million connections with random weights and delays: about 75 million characters of JSON, more than a
        // 64 MiB frame, which Akka.Remote would drop without a word.
        const int n = 1_600_000;
        var random = new System.Random(5);
        var connections = ConnectionList.Of(
            [.. Enumerable.Range(0, n).Select(_ => random.Next(1000))], [.. Enumerable.Range(0, n).Select(_ => random.Next(1000))],
            [.. Enumerable.Range(0, n).Select(_ => random.NextDouble())], [.. Enumerable.Range(0, n).Select(_ => 0.1 + random.NextDouble())]);
        var spec = new NetworkBuilder("large", dtMs: 0.1, durationMs: 1)
            .PoissonSource("in", 1000, 10)
            .Population("out", 1000, NeuronModel.IafPscDelta)
            .Connections("in", "out", connections)
            .Build();
        await using var cluster = new LoopbackCluster(workers: 1);

        var error = await Assert.ThrowsAsync<ClusterRunException>(() =>
            ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 1, TimeSpan.FromSeconds(30)));

        Assert.Matches(@"^the model is \d+ characters of JSON \(from_file connections travel inside it\), more than the \d+ a cluster message carries; run it in one process, where the model is not sent$", error.Message);
    }
}
