using System.Diagnostics;
using Akka.Actor;
using NeuroActors.Kernel.Tests;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Runtime.Cluster;

namespace NeuroActors.Runtime.Tests.Cluster;

/// <summary>
/// Cluster tests run alone: each puts several nodes in this process, and another test class's load on the same two
/// cores would only make their heartbeats late.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoopbackClusterCollection
{
    public const string Name = "loopback cluster";
}

[Collection(LoopbackClusterCollection.Name)]
public class ClusterRunTests
{
    private static readonly TimeSpan Join = TimeSpan.FromSeconds(30);

    internal static NetworkSpec Sliced(double durationMs = 100, int maxNeurons = 32) =>
        TestNetworks.Mixed(durationMs) with { Simulation = TestNetworks.Mixed(durationMs).Simulation with { MaxNeuronsPerShard = maxNeurons } };

    internal static void AssertSameSpikes(RunResult expected, RunResult actual)
    {
        Assert.Equal(expected.Spikes.Select(p => p.Population), actual.Spikes.Select(p => p.Population));
        for (int p = 0; p < expected.Spikes.Count; p++)
        {
            Assert.Equal(expected.Spikes[p].NeuronIds, actual.Spikes[p].NeuronIds);
            Assert.Equal(expected.Spikes[p].TimesMs, actual.Spikes[p].TimesMs);
        }
        Assert.Equal(expected.Traces.Count, actual.Traces.Count);
        for (int t = 0; t < expected.Traces.Count; t++)
            for (int n = 0; n < expected.Traces[t].Values.Length; n++)
                Assert.Equal(expected.Traces[t].Values[n].Select(BitConverter.DoubleToInt64Bits), actual.Traces[t].Values[n].Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [InlineData("balanced")]
    [InlineData("round-robin")]
    [InlineData("connectivity")]
    public async Task Three_worker_nodes_give_the_spikes_of_one_process_bit_for_bit(string placement)
    {
        var spec = Sliced();
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        await using var cluster = new LoopbackCluster(workers: 3);

        var distributed = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 3, Join, placement);

        Assert.True(distributed.Stats.Shards > 3, $"{distributed.Stats.Shards} shards");
        var traffic = distributed.Stats.Communication!;
        Assert.Equal(3, traffic.Nodes.Count);
        Assert.True(traffic.RemotePacketsPerWindow > 0);
        Assert.Equal(traffic.Shards.Sum(x => x.PacketsSent), traffic.Shards.Sum(x => x.PacketsReceived)); // nothing lost
        Assert.All(traffic.Shards, x => Assert.Equal(0, x.ChunksRejected));
        // Every node reports what its process spent encoding and decoding: the serialization part of the split.
        Assert.All(traffic.Nodes, n => Assert.True(n.SerializationSeconds > 0, $"{n.Node}: {n.SerializationSeconds}"));
        Assert.All(traffic.Nodes, n => Assert.Equal(0, n.Malformed));
        Assert.Equal(single.Stats.Synapses, distributed.Stats.Synapses);
        Assert.Equal(single.Stats.Spikes, distributed.Stats.Spikes);
        AssertSameSpikes(single, distributed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_checkpoint_written_on_two_nodes_resumes_on_three_to_the_recordings_of_one_run(bool shared)
    {
        // Written by every slice as a shard on two nodes, read under another cut (one contiguous shard per node) on three.
        // Without a shared directory every part travels in pieces to the coordinator, which writes it, and on resume each
        // shard is sent only its own sections; with one, the nodes write and read their parts there themselves. The
        // recordings live on the coordinator, which writes them into the checkpoint and carries them into the resumed run.
        var spec = Sliced(durationMs: 100);
        var plan = new Kernel.Network.NetworkPlan(spec, 1);
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        var full = ActorRuntimeTests.Packed(single, plan);
        string path = Path.Combine(Path.GetTempPath(), $"cluster-ckpt-{Guid.NewGuid():N}");
        try
        {
            RunResult first, second;
            await using (var cluster = new LoopbackCluster(workers: 2))
                first = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec.With(durationMs: 50.4), 1,
                    CheckpointAtMs: 50.4, CheckpointPath: path, SharedCheckpointDirectory: shared), nodes: 2, Join, "round-robin");
            var manifest = Storage.Checkpoints.CheckpointDirectory.ReadManifest(path, Storage.Checkpoints.CheckpointLayout.Of(spec));
            Assert.Equal(first.Stats.Shards, manifest.Parts.Count);
            await using (var cluster = new LoopbackCluster(workers: 3))
                second = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec.With(durationMs: 49.6), 1,
                    Resume: Storage.Checkpoints.CheckpointSource.FromDirectory(path), SharedCheckpointDirectory: shared), nodes: 3, Join, shardsPerNode: 1);
            Assert.NotEqual(first.Stats.Shards, second.Stats.Shards);
            // The whole run's spikes and traces, from time 0, with the whole run's totals.
            Assert.Equal((0.0, 100.0), (second.Stats.StartMs, second.Stats.BiologicalMs));
            AssertSameSpikes(single, second);
            Assert.Equal(full, ActorRuntimeTests.Packed(second, plan));
            Assert.Equal((single.Stats.Spikes, single.Stats.SynapticEvents), (second.Stats.Spikes, second.Stats.SynapticEvents));
            Assert.Equal(single.Traces.Select(t => t.TimesMs.Length), second.Traces.Select(t => t.TimesMs.Length));
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_checkpoint_with_set_weights_resumes_on_three_nodes_to_the_spikes_of_the_session_that_wrote_it(bool shared)
    {
        // A session in this process sets the weights of exc -> exc and inh -> exc and checkpoints every slice as a shard;
        // three nodes resume it one contiguous shard each, reading the plastic sections of their gids (sent in pieces, or
        // from the shared directory).
        var spec = Sliced(durationMs: 100);
        var plan = new Kernel.Network.NetworkPlan(spec, 1);
        string path = Path.Combine(Path.GetTempPath(), $"cluster-weights-{Guid.NewGuid():N}");
        try
        {
            long[] expected;
            await using (var session = await NeuroActors.Runtime.Sessions.Session.BuildAsync(spec, new NeuroActors.Runtime.Sessions.SessionOptions { Shards = 1, Config = LoopbackCluster.Strict }))
            {
                await session.RunAsync(20);
                foreach (var (projection, factor) in new[] { (0, 1.4f), (2, 0.6f) })
                {
                    var w = await session.GetWeightsAsync(spec.Projections[projection].Label);
                    await session.SetWeightsAsync(spec.Projections[projection].Label, w.Source, w.Target, w.Weight.Select((x, i) => x * factor * (0.5f + 0.5f * (i % 3))).ToArray());
                }
                await session.RunAsync(30.4);
                await session.CheckpointAsync(path);
                await session.RunAsync(49.6);
                expected = ActorRuntimeTests.Packed(await session.CollectAsync(), plan).Where(e => Kernel.Shard.SpikeEvent.Step(e) >= 504).ToArray();
            }
            RunResult second;
            await using (var cluster = new LoopbackCluster(workers: 3))
                second = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec.With(durationMs: 49.6), 1,
                    Resume: Storage.Checkpoints.CheckpointSource.FromDirectory(path), SharedCheckpointDirectory: shared), nodes: 3, Join, shardsPerNode: 1);
            // The resumed run carries the session's recordings from time 0; after the checkpoint they must match.
            Assert.Equal(0, second.Stats.StartMs, 9);
            Assert.NotEmpty(expected);
            Assert.Equal(expected, ActorRuntimeTests.Packed(second, plan).Where(e => Kernel.Shard.SpikeEvent.Step(e) >= 504));
            // The weights matter: the model as built goes on otherwise.
            Assert.NotEqual(TestNetworks.Spikes(TestNetworks.Run(spec, 1)).Where(e => Kernel.Shard.SpikeEvent.Step(e) >= 504), expected);
        }
        finally
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
    }

    // 20,000 sources at 1 kHz in one slice send about 400,000 spikes per 20 ms window: far more than one remote frame.
    [Fact]
    public async Task Packets_larger_than_a_remote_frame_cross_in_chunks_and_change_nothing()
    {
        var spec = ModelLoader.Parse("""
            simulation: {dt: 0.1, duration: 60, seed: 3}
            populations:
              - {name: src, size: 20000, model: poisson_source, parameters: {rate: 1000}, max_neurons_per_shard: 20000}
              - {name: t, size: 4, model: iaf_psc_delta, parameters: {v_th: 1000}}
            projections:
              - {source: src, target: t, connector: {rule: fixed_indegree, indegree: 20000, multapses: false}, synapse: {weight: 0.001, delay: 20}}
            recorders:
              - {type: state, population: t, variables: [v]}
            """);
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        await using var cluster = new LoopbackCluster(workers: 2);

        var distributed = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 2, Join, "round-robin");

        var source = distributed.Stats.Communication!.Shards[0];
        Assert.True(source.RemoteBytesSent / (double)source.RemotePacketsSent > NeuroActors.Runtime.Wire.SpikePacketChunker.DefaultFrameBudget,
            $"{source.RemoteBytesSent} bytes in {source.RemotePacketsSent} packets");
        Assert.Equal(0, source.ChunksRejected);
        AssertSameSpikes(single, distributed);
        Assert.True(distributed.Traces[0].Values[0][^1] > 0.5, "the input did not arrive");
    }

    // one_to_one: slice i of the source reaches only slice i of the target. The routing tables know it; a plan
    // derived from populations alone would send every source slice to every target slice.
    [Fact]
    public async Task Packets_go_where_the_compressed_routing_tables_send_them()
    {
        var spec = ModelLoader.Parse("""
            simulation: {dt: 0.1, duration: 50, seed: 5, max_neurons_per_shard: 16}
            populations:
              - {name: a, size: 64, model: poisson_source, parameters: {rate: 80}}
              - {name: b, size: 64, model: iaf_psc_delta, parameters: {e_l: 0, v_reset: 0, v_th: 1}}
            projections:
              - {source: a, target: b, connector: {rule: one_to_one}, synapse: {weight: 1.5, delay: 1}}
            recorders:
              - {type: spikes, population: b}
            """);
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        await using var cluster = new LoopbackCluster(workers: 2);

        var distributed = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 2, Join, "round-robin");

        var traffic = distributed.Stats.Communication!;
        Assert.Equal(8, traffic.Shards.Count);
        Assert.Equal(4, traffic.Shards.Count(x => x.PacketsSent > 0)); // the four source slices, one route each
        // A cluster run sends each window in parts by default; the last window's spikes stay in flight.
        Assert.Equal(RunRequest.DistributedPacketsPerWindow, traffic.WindowParts);
        Assert.Equal(4 * traffic.WindowParts * (traffic.Windows - 1), traffic.Shards.Sum(x => x.PacketsSent));
        Assert.NotEmpty(single.Spikes[0].TimesMs);
        AssertSameSpikes(single, distributed);
    }

    // One shard per node, as the single-process cut has one shard per core: the slices of a node are merged into one
    // shard, and the routing tables of the slices still decide where its packets go.
    [Fact]
    public async Task One_shard_per_node_gives_the_spikes_of_one_process_bit_for_bit()
    {
        var spec = Sliced();
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        await using var cluster = new LoopbackCluster(workers: 2);

        var distributed = await ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 2, Join, shardsPerNode: 1);

        Assert.Equal(2, distributed.Stats.Shards);
        var traffic = distributed.Stats.Communication!;
        Assert.Equal(2, traffic.Nodes.Count);
        Assert.All(traffic.Nodes, n => Assert.Equal(1, n.Shards));
        Assert.True(traffic.RemotePacketsPerWindow > 0);
        Assert.Equal(traffic.Shards.Sum(x => x.PacketsSent), traffic.Shards.Sum(x => x.PacketsReceived));
        Assert.All(traffic.Shards, x => Assert.Equal(0, x.ChunksRejected));
        AssertSameSpikes(single, distributed);
    }

    // The coordinator's process hosts its share of the shards, as a worker: two processes in all, not three.
    [Fact]
    public async Task A_coordinator_that_hosts_shards_is_one_of_the_nodes_and_changes_no_spike()
    {
        var spec = Sliced();
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        await using var cluster = new LoopbackCluster(workers: 1);
        var coordinator = cluster.Coordinator(hostsShards: true);

        var distributed = await ClusterRunner.RunAsync(coordinator, new RunRequest(spec, 1), nodes: 2, Join, shardsPerNode: 2);

        var traffic = distributed.Stats.Communication!;
        Assert.Equal(
            new[] { Akka.Cluster.Cluster.Get(coordinator).SelfAddress.ToString(), Akka.Cluster.Cluster.Get(cluster.Seed).SelfAddress.ToString() }.Order(),
            traffic.Nodes.Select(n => n.Node).Order());
        Assert.All(traffic.Nodes, n => Assert.Equal(2, n.Shards));
        Assert.Equal(traffic.Shards.Sum(x => x.PacketsSent), traffic.Shards.Sum(x => x.PacketsReceived));
        Assert.All(traffic.Nodes, n => Assert.True(n.SerializationSeconds > 0, $"{n.Node}: {n.SerializationSeconds}"));
        AssertSameSpikes(single, distributed);
    }

    [Fact]
    public async Task Too_few_workers_end_in_a_clear_timeout()
    {
        await using var cluster = new LoopbackCluster(workers: 1);

        var error = await Assert.ThrowsAsync<ClusterRunException>(() =>
            ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(Sliced(), 1), nodes: 3, TimeSpan.FromSeconds(4)));

        Assert.Contains("waited 4 s for 3 workers; 1 joined", error.Message);
    }

    [Fact]
    public async Task A_worker_pinned_to_another_seed_refuses_the_run()
    {
        var spec = Sliced();
        await using var cluster = new LoopbackCluster(workers: 1);
        cluster.Start(ClusterSettings.WorkerRole, [cluster.SeedEndpoint], pinned: spec.With(seed: 999));

        var error = await Assert.ThrowsAsync<ClusterRunException>(() =>
            ClusterRunner.RunAsync(cluster.Coordinator(), new RunRequest(spec, 1), nodes: 2, Join, "round-robin"));

        Assert.Contains("model or seed differs", error.Message);
    }

    [Fact]
    public async Task A_worker_lost_with_no_other_left_stops_the_run_naming_the_node_and_the_window()
    {
        var spec = Sliced(durationMs: 60_000);
        await using var cluster = new LoopbackCluster(workers: 1);
        var coordinator = cluster.Coordinator();
        var doomed = cluster.Workers[0];
        string doomedAddress = Akka.Cluster.Cluster.Get(doomed).SelfAddress.ToString();
        var started = new TaskCompletionSource();
        var progress = new Progress<RunProgress>(p => { if (p.Phase == "simulate" && p.Step > 100) started.TrySetResult(); });

        var run = ClusterRunner.RunAsync(coordinator, new RunRequest(spec, 1), nodes: 1, Join, "round-robin", progress);
        await Started(started, run);
        await doomed.Terminate();
        var error = await Assert.ThrowsAsync<ClusterRunException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains($"node {doomedAddress} was lost at window", error.Message);
        Assert.Contains("no worker is left", error.Message);
    }

    [Fact]
    public async Task The_coordinator_is_a_cluster_singleton_and_a_second_one_runs_only_after_the_first_leaves()
    {
        await using var cluster = new LoopbackCluster(workers: 2);
        // The second coordinator joins before the long run takes both cores (joining under that load could outlast the
        // short timeout of the refused run below, which is about the run service, not about joining), and only once
        // the first is up, so that the first is the older one and holds the run service.
        var first = cluster.Coordinator();
        await Up(first);
        var second = cluster.Coordinator();
        await Up(second);
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var progress = new Progress<RunProgress>(p => { if (p.Phase == "simulate" && p.Step > 100) started.TrySetResult(); });
        var longRun = ClusterRunner.RunAsync(first, new RunRequest(Sliced(durationMs: 60_000), 1), nodes: 2, Join, "round-robin", progress, cancel.Token);
        await Started(started, longRun);
        // The run is driven by a child of the singleton that the cluster singleton manager started on this node.
        await first.ActorSelection($"/user/{RunService.ManagerName}/singleton/run-*").ResolveOne(TimeSpan.FromSeconds(5));

        var refused = await Assert.ThrowsAsync<ClusterRunException>(() =>
            ClusterRunner.RunAsync(second, new RunRequest(Sliced(), 1), nodes: 2, TimeSpan.FromSeconds(4), "round-robin"));
        Assert.Contains(Akka.Cluster.Cluster.Get(first).SelfAddress.ToString(), refused.Message);
        Assert.Contains("one run at a time", refused.Message);

        // The first coordinator stops its run and leaves; the service moves to the second, whose run then matches one process.
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => longRun.WaitAsync(TimeSpan.FromSeconds(30)));
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(30)); // leaves the cluster first
        var spec = Sliced();
        var single = await SimulationRunner.RunAsync(new RunRequest(spec, 1));
        var distributed = await ClusterRunner.RunAsync(second, new RunRequest(spec, 1), nodes: 2, Join, "round-robin").WaitAsync(TimeSpan.FromSeconds(90));
        AssertSameSpikes(single, distributed);
    }

    // Waits for the run to pass its first windows; a run that fails before that fails the test with its own error
    // rather than with a timeout.
    internal static async Task Started(TaskCompletionSource started, Task run)
    {
        var first = await Task.WhenAny(started.Task, run).WaitAsync(TimeSpan.FromSeconds(120));
        if (first == run) await run;
        Assert.True(started.Task.IsCompleted, "the run ended before its 100th step");
    }

    private static async Task Up(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var waited = Stopwatch.StartNew();
        while (!cluster.State.Members.Any(m => m.Address.Equals(cluster.SelfAddress) && m.Status == Akka.Cluster.MemberStatus.Up))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), $"{cluster.SelfAddress} did not join");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_port_in_use_is_a_clear_error()
    {
        await using var cluster = new LoopbackCluster(workers: 1);
        int port = Akka.Cluster.Cluster.Get(cluster.Seed).SelfAddress.Port!.Value;

        var error = Assert.Throws<ClusterRunException>(() => ClusterNode.Start(new ClusterSettings("127.0.0.1", port, [cluster.SeedEndpoint], "worker")));

        Assert.Contains($"cannot listen on 127.0.0.1:{port}", error.Message);
    }
}

public class ClusterMappingTests
{
    // 20 neuron-index bits (slices of 2^20) + 12 slice bits (4,096 one-neuron slices) + 1 population bit = 33 > 32.
    [Fact]
    public async Task A_model_whose_routing_keys_do_not_fit_32_bits_cannot_be_placed()
    {
        var spec = ModelLoader.Parse("""
            populations:
              - {name: big, size: 1048576, model: poisson_source, max_neurons_per_shard: 1048576}
              - {name: fine, size: 4096, model: iaf_psc_delta, max_neurons_per_shard: 1}
            """);
        using var system = Akka.Actor.ActorSystem.Create("mapping", SimulationRunner.DefaultConfig);

        var error = await Assert.ThrowsAsync<ClusterRunException>(() => ClusterRunner.RunAsync(system, new RunRequest(spec, 1), nodes: 2, TimeSpan.FromSeconds(1)));

        Assert.StartsWith("the model cannot be placed on 2 nodes:", error.Message);
        Assert.Contains("33", error.Message);
    }

    [Fact]
    public async Task An_unknown_placement_is_refused_before_any_node_is_asked()
    {
        using var system = Akka.Actor.ActorSystem.Create("mapping", SimulationRunner.DefaultConfig);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            ClusterRunner.RunAsync(system, new RunRequest(TestNetworks.Mixed(), 1), nodes: 1, TimeSpan.FromSeconds(1), "random"));

        Assert.Contains("valid strategies are: balanced, round-robin, connectivity", error.Message);
    }
}
