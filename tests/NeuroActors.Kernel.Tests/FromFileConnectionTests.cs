using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Model.Tests;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Tests;

/// <summary>
/// Explicit connections (from_file) in the synapse tables: every connection becomes exactly one synapse of its
/// target's shard with the given weight and the delay rounded to steps; a spike arrives exactly its delay later with
/// its weight; the same connections read from CSV, .npy and SONATA give the same spikes; and any cut gives the same
/// spikes.
/// </summary>
public class FromFileConnectionTests
{
    private static readonly Lazy<long[]> Reference = new(() => TestNetworks.Spikes(TestNetworks.Run(FileNetworks.Spec(), 1)));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Every_connection_is_one_synapse_of_its_target_with_its_weight_and_rounded_delay(int shards)
    {
        var lists = FileNetworks.Lists();
        var spec = FileNetworks.Spec(lists, durationMs: 1);
        var plan = new NetworkPlan(spec, shards);
        var kernels = TestNetworks.Run(spec, shards);

        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var pr = spec.Projections[j];
            int sOffset = plan.PopulationOffset(spec.PopulationIndex(pr.Source)), tOffset = plan.PopulationOffset(spec.PopulationIndex(pr.Target));
            var c = lists[j];
            // The canonical order: target gid, source gid, then the pair's entries in list order.
            var expected = Enumerable.Range(0, c.Count).OrderBy(i => c.Targets[i]).ThenBy(i => c.Sources[i]).ThenBy(i => i).ToArray();

            var actual = TestNetworks.Weights(kernels, j);

            Assert.Equal(expected.Select(i => tOffset + c.Targets[i]), actual.Target);
            Assert.Equal(expected.Select(i => sOffset + c.Sources[i]), actual.Source);
            Assert.Equal(expected.Select(i => (float)c.Weights[i]), actual.Weight);
            Assert.Equal(expected.Select(i => Math.Max(1, (int)Math.Round(c.DelaysMs[i] / 0.1))), actual.DelaySteps);
        }
        Assert.Equal(lists.Sum(c => c.Count), kernels.Sum(k => k.Resources.Synapses));
        // The window is the smallest delay of any connection, in steps.
        Assert.Equal(lists.Min(c => Math.Max(1, (int)Math.Round(c.DelaysMs.Min() / 0.1))), plan.WindowSteps);
    }

    [Fact]
    public void A_spike_arrives_exactly_its_delay_later_with_its_weight()
    {
        // One source firing at 1.0 ms; 1.74 ms rounds to 17 steps and 1.76 ms to 18. With e_l = 0 and v = 0 the
        // membrane is 0 until the input arrives, is exactly the weight then, and decays by exp(-dt/tau_m) a step.
        var spec = new NetworkBuilder("psp", dtMs: 0.1, durationMs: 5, seed: 1)
            .SpikeSourceArray("src", [[1.0]])
            .Population("lif", 2, NeuronModel.IafPscDelta, new() { ["tau_m"] = 10, ["e_l"] = 0, ["v_th"] = 100, ["v_reset"] = 0, ["t_ref"] = 0 })
            .Connections("src", "lif", ConnectionList.Of([0, 0], [0, 1], [2.5, -1.25], [1.74, 1.76]))
            .RecordSpikes("src")
            .RecordState("lif", ["v"])
            .Build();
        foreach (int shards in new[] { 1, 2 })
        {
            var kernels = TestNetworks.Run(spec, shards);
            long sent = SpikeEvent.Step(Assert.Single(TestNetworks.Spikes(kernels)));
            Assert.Equal(9, sent); // stamped at (9 + 1) · 0.1 = 1.0 ms

            foreach (var (neuron, weight, delaySteps) in new[] { (0, 2.5, 17), (1, -1.25, 18) })
            {
                var probe = kernels.SelectMany(k => k.Recordings.Probes).Single(p => p.Neurons.Contains(neuron));
                var v = probe.Values[0][Array.IndexOf(probe.Neurons, neuron)];
                int arrival = probe.Steps.IndexOf(sent + delaySteps);
                Assert.True(arrival > 0);
                Assert.All(v.Take(arrival), x => Assert.Equal(0.0, x));
                Assert.Equal(weight, v[arrival]);
                Assert.Equal(weight * Math.Exp(-0.1 / 10), v[arrival + 1], 1e-12);
                Assert.Equal(weight * Math.Exp(-0.5 / 10), v[arrival + 5], 1e-12);
                // The arrival is stamped exactly the delay after the spike: (arrival step + 1) · dt = 1.0 ms + delay.
                Assert.Equal(1.0 + delaySteps * 0.1, (probe.Steps[arrival] + 1) * 0.1, 1e-9);
            }
        }
    }

    [Fact]
    public void The_same_connections_from_csv_npy_and_sonata_give_the_same_spikes()
    {
        var lists = FileNetworks.Lists();
        var dir = Directory.CreateTempSubdirectory("from-file-").FullName;
        try
        {
            var read = new Dictionary<string, ConnectionList[]>();
            foreach (var format in new[] { "csv", "npy", "npy-columns", "h5" })
            {
                read[format] = lists.Select((c, j) =>
                {
                    string path = Path.Combine(dir, $"{format}-{j}.{format.Split('-')[0]}");
                    switch (format)
                    {
                        case "csv": ConnectionWriters.Csv(path, c); break;
                        case "npy": ConnectionWriters.NpyStructured(path, c); break;
                        case "npy-columns": ConnectionWriters.NpyColumns(path, c, fortran: true); break;
                        default: ConnectionWriters.Sonata(path, c, twoGroups: j % 2 == 1); break;
                    }
                    return ConnectionFile.Read(path);
                }).ToArray();
            }

            foreach (var (format, files) in read)
                Assert.True(Reference.Value.SequenceEqual(TestNetworks.Spikes(TestNetworks.Run(FileNetworks.Spec(files), 2, scheduleSeed: 5))), format);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_reference_network_is_active_and_its_file_connections_shape_it()
    {
        var spec = FileNetworks.Spec();
        var plan = new NetworkPlan(spec, 1);
        for (int p = 0; p < spec.Populations.Count; p++)
        {
            int count = Reference.Value.Count(e => plan.PopulationOf(SpikeEvent.Gid(e)) == p);
            Assert.True(count > spec.Populations[p].Size, $"population {spec.Populations[p].Name} fired only {count} spikes");
        }
        Assert.NotEqual(Reference.Value, TestNetworks.Spikes(TestNetworks.Run(FileNetworks.Spec(recurrent: false), 1)));
    }

    [Fact]
    public void A_checkpoint_fingerprint_covers_every_connection()
    {
        var lists = FileNetworks.Lists();
        var changed = FileNetworks.Lists();
        changed[1].Weights[123] = Math.BitIncrement(changed[1].Weights[123]);
        var moved = FileNetworks.Lists();
        moved[2].DelaysMs[7] += 0.1;

        string original = Checkpoint.FingerprintOf(FileNetworks.Spec(lists));

        Assert.Equal(original, Checkpoint.FingerprintOf(FileNetworks.Spec(FileNetworks.Lists())));
        Assert.NotEqual(original, Checkpoint.FingerprintOf(FileNetworks.Spec(changed)));
        Assert.NotEqual(original, Checkpoint.FingerprintOf(FileNetworks.Spec(moved)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Spikes_are_bitwise_identical_for_any_number_of_shards(int shards)
    {
        Assert.Equal(Reference.Value, TestNetworks.Spikes(TestNetworks.Run(FileNetworks.Spec(), shards, scheduleSeed: shards)));
    }

    [Fact]
    public void Spikes_are_bitwise_identical_when_every_slice_of_seven_neurons_is_a_shard_routed_by_the_routing_tables()
    {
        var spec = FileNetworks.Spec(maxNeuronsPerShard: 7);
        var cut = spec.Populations.SelectMany((pop, p) => Enumerable.Range(0, (pop.Size + 6) / 7)
                .Select(i => (IReadOnlyList<ShardSlice>)[new ShardSlice(p, i * 7, Math.Min(7, pop.Size - i * 7))]))
            .ToList();
        // Routes as a cluster's routing tables give them, from the slice graph: a slice's spikes go only to the shards
        // holding a target its connections list, so a connection the graph missed would lose spikes.
        var routes = ClusterLayout.With(spec, 3, cut, [.. Enumerable.Range(0, cut.Count).Select(k => k % 3)]).Routes();
        var plan = new NetworkPlan(spec, cut, routes);
        Assert.Contains(Enumerable.Range(0, plan.Shards), k => plan.Downstream[k].Length < plan.Shards - 1);

        Assert.Equal(Reference.Value, TestNetworks.Spikes(SequentialRunner.Run(plan, spec.Simulation.Steps, scheduleSeed: 7)));
    }
}
