using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Tests.Plasticity;

// The weight recorder (NEST's weight_recorder): one record per update of a recorded synapse, i.e. per presynaptic spike
// delivered, with the spike's step and the weight after the update. Checked against the closed-form pair window, against
// the weights the shards hold at the end, across cuts, and across a checkpoint.
public class WeightRecorderTests
{
    private const double Dt = 0.1, TauMinus = 33.7;
    private static readonly int[] DeltaSteps = [-300, -100, -10, 0, 10, 100, 300];

    /// <summary>A record gathered from a shard: spike step, projection, source and target gids, weight.</summary>
    private readonly record struct Record(long Step, int Projection, int Source, int Target, float Weight);

    private static Record[] Records(IEnumerable<IShardBackend> kernels) =>
    [
        .. kernels.SelectMany(k =>
        {
            var w = k.Recordings.Weights;
            return Enumerable.Range(0, w.Count).Select(i => new Record(w.Steps[i], w.Projections[i], w.Sources[i], w.Targets[i], w.Weights[i])).ToArray();
        })
        // Stable: the synapses of one pair (multapses) keep their row order, the same in every cut.
        .OrderBy(r => r.Step).ThenBy(r => r.Projection).ThenBy(r => r.Source).ThenBy(r => r.Target),
    ];

    // As StdpPairTests: pair i is presynaptic source i (spikes at 10, 1000 and 2000 ms) onto post i, which a driver makes
    // fire once, so that the pair's Δt = (t_post + d) − 1000 ms is DeltaSteps[i] steps.
    private static NetworkSpec PairNetwork(PlasticitySpec plasticity, double delayMs, double w0, IReadOnlyList<int>? sources = null, IReadOnlyList<int>? targets = null)
    {
        int n = DeltaSteps.Length, d = (int)Math.Round(delayMs / Dt);
        var drive = DeltaSteps.Select(delta => new[] { Math.Round((9999 - d + delta) * Dt, 1) }).ToArray();
        return new NetworkBuilder("pairs", dtMs: Dt, durationMs: 2100, seed: 3)
            .SpikeSourceArray("pre", Enumerable.Range(0, n).Select(_ => new[] { 10.0, 1000.0, 2000.0 }).ToArray())
            .SpikeSourceArray("drive", drive)
            .Population("post", n, NeuronModel.IafPscDelta,
                new() { ["tau_m"] = 10, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 1000, ["v_reset"] = 0, ["t_ref"] = 2, ["tau_minus"] = TauMinus })
            .Projection("pre", "post", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(w0), Distribution.Constant(delayMs), plasticity), "learn")
            .Projection("drive", "post", new ConnectorSpec(ConnectorKind.OneToOne),
                new SynapseSpec(Receptor.Excitatory, Distribution.Constant(5000), Distribution.Constant(Dt)))
            .RecordSpikes("post")
            .RecordWeights("learn", sources, targets)
            .Build();
    }

    // The closed-form weight after one pair at Δt (ms), Gütig et al. (2003), as StdpPairTests.
    private static double Window(PlasticitySpec p, double w0, double deltaMs) =>
        deltaMs == 0 ? w0
        : deltaMs > 0
            ? Math.Min(p.WMax, w0 + p.Lambda * p.WMax * Math.Pow(1 - w0 / p.WMax, p.MuPlus) * Math.Exp(-deltaMs / p.TauPlusMs))
            : Math.Max(0, w0 - p.Alpha * p.Lambda * p.WMax * Math.Pow(w0 / p.WMax, p.MuMinus) * Math.Exp(deltaMs / TauMinus));

    private static void Close(double expected, float actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 2e-5 * Math.Max(1, Math.Abs(expected)), $"{what}: recorded {actual}, closed form {expected}");

    [Theory]
    [InlineData(PlasticityRule.Stdp, 0, 1.0)]
    [InlineData(PlasticityRule.Stdp, 1, 2.5)]
    [InlineData(PlasticityRule.StdpNnRestr, 1, 1.0)]
    public void Each_presynaptic_spike_records_the_closed_form_weight_at_its_time(PlasticityRule rule, double mu, double delayMs)
    {
        var p = PlasticitySpec.Create(rule, new Dictionary<string, double> { ["tau_plus"] = 16.8, ["lambda"] = 0.05, ["alpha"] = 1.3, ["mu_plus"] = mu, ["mu_minus"] = mu, ["Wmax"] = 80 });
        const double w0 = 30;
        int n = DeltaSteps.Length, d = (int)Math.Round(delayMs / Dt);
        var kernels = TestNetworks.Run(PairNetwork(p, delayMs, w0), 2);
        var records = Records(kernels);
        var post = TestNetworks.Spikes(kernels);
        for (int i = 0; i < n; i++)
        {
            var mine = records.Where(r => r.Source == i).ToArray();
            // Three presynaptic spikes, at 10, 1000 and 2000 ms (step s carries the time (s + 1)·dt).
            Assert.Equal([99L, 9999L, 19999L], mine.Select(r => r.Step));
            Assert.All(mine, r => Assert.Equal((0, 2 * n + i), (r.Projection, r.Target)));
            long q = SpikeEvent.Step(Assert.Single(post, e => SpikeEvent.Gid(e) == 2 * n + i));
            int delta = (int)(q + d - 9999);
            Assert.Equal(DeltaSteps[i], delta);
            // The first spike has nothing to pair with. The second pairs with a postsynaptic spike that reached the synapse
            // before it (depression) and, with the first, with nothing in reach (terms of e^-49 and less); the third
            // completes a pair the second began (potentiation). After it the weight is the pair's closed form.
            Close(w0, mine[0].Weight, $"pair {i} at 10 ms");
            Close(delta < 0 ? Window(p, w0, delta * Dt) : w0, mine[1].Weight, $"pair {i} (Δt {delta * Dt} ms) at 1000 ms");
            Close(Window(p, w0, delta * Dt), mine[2].Weight, $"pair {i} (Δt {delta * Dt} ms) at 2000 ms");
        }
        // The last record of each synapse is the weight the shards hold.
        var held = TestNetworks.Weights(kernels, 0);
        for (int k = 0; k < held.Count; k++)
            Assert.Equal(held.Weight[k], records.Last(r => r.Source == held.Source[k] && r.Target == held.Target[k]).Weight);
    }

    [Fact]
    public void Only_the_chosen_sources_and_targets_are_recorded()
    {
        var p = PlasticitySpec.Create(PlasticityRule.Stdp, new Dictionary<string, double> { ["lambda"] = 0.05, ["Wmax"] = 80 });
        int n = DeltaSteps.Length;
        var records = Records(TestNetworks.Run(PairNetwork(p, 1.0, 30, sources: [1, 2, 4], targets: [2, 4, 5]), 3));
        // One-to-one: the pairs 2 → 2 and 4 → 4, three spikes each.
        Assert.Equal([2, 2, 2, 4, 4, 4], records.Select(r => r.Source).Order());
        Assert.All(records, r => Assert.Equal(2 * n + r.Source, r.Target));
    }

    // The recurrent network of the partition tests, recording part of the multapse-rich stdp projection and all of the
    // power law's.
    private static readonly NetworkSpec Recurrent = Recorded(PlasticNetworks.Recurrent());

    private static NetworkSpec Recorded(NetworkSpec spec) => spec with
    {
        Recorders = [.. spec.Recorders,
            new RecorderSpec(RecorderKind.Weights, "", Projection: "ee-stdp", Sources: [.. Enumerable.Range(0, 60)], Targets: [.. Enumerable.Range(30, 70)]),
            new RecorderSpec(RecorderKind.Weights, "", Projection: "noise-pl")],
    };

    private static readonly Lazy<Record[]> Straight = new(() => Records(TestNetworks.Run(Recurrent, 1)));

    [Fact]
    public void The_last_record_of_every_recorded_synapse_is_its_final_weight()
    {
        var kernels = TestNetworks.Run(Recurrent, 1);
        var records = Records(kernels);
        var spikes = TestNetworks.Spikes(kernels);
        foreach (var (projection, sources, targets) in new[] { (0, Enumerable.Range(0, 60), Enumerable.Range(30, 70)), (5, Enumerable.Range(0, 40), Enumerable.Range(0, 30)) })
        {
            var pr = Recurrent.Projections[projection];
            int sFirst = new NetworkPlan(Recurrent, 1).PopulationOffset(Recurrent.PopulationIndex(pr.Source));
            int tFirst = new NetworkPlan(Recurrent, 1).PopulationOffset(Recurrent.PopulationIndex(pr.Target));
            var chosen = (Sources: sources.Select(s => sFirst + s).ToHashSet(), Targets: targets.Select(t => tFirst + t).ToHashSet());
            var held = TestNetworks.Weights(kernels, projection);
            int checkedPairs = 0;
            foreach (var pair in Enumerable.Range(0, held.Count).GroupBy(k => (held.Source[k], held.Target[k])))
            {
                var mine = records.Where(r => r.Projection == projection && r.Source == pair.Key.Item1 && r.Target == pair.Key.Item2).ToArray();
                if (!chosen.Sources.Contains(pair.Key.Item1) || !chosen.Targets.Contains(pair.Key.Item2))
                {
                    Assert.Empty(mine);
                    continue;
                }
                // Each synapse of the pair once per presynaptic spike delivered (the last window's spikes are still in flight).
                long delivered = spikes.Count(e => SpikeEvent.Gid(e) == pair.Key.Item1 && SpikeEvent.Step(e) < Recurrent.Simulation.Steps - new NetworkPlan(Recurrent, 1).WindowSteps);
                Assert.InRange(mine.Length, delivered * pair.Count(), (delivered + 50) * pair.Count());
                if (mine.Length == 0) continue;
                long last = mine[^1].Step;
                Assert.Equal(pair.Select(k => held.Weight[k]).Order(), mine.Where(r => r.Step == last).Select(r => r.Weight).Order());
                checkedPairs++;
            }
            Assert.True(checkedPairs > 100, $"projection {projection}: {checkedPairs} pairs checked");
        }
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(7, 3)]
    public void Records_are_the_same_for_any_number_of_shards(int shards, int packetsPerWindow)
    {
        var kernels = SequentialRunner.Run(new NetworkPlan(Recurrent, shards), Recurrent.Simulation.Steps, scheduleSeed: shards, packetsPerWindow: packetsPerWindow);
        Assert.True(Straight.Value.Length > 10_000, $"{Straight.Value.Length} records");
        Assert.Equal(Straight.Value, Records(kernels));
    }

    [Theory]
    [InlineData(1003, 3, 2)]
    [InlineData(2017, 7, 1)]
    public void A_checkpoint_resumed_under_another_cut_continues_the_records(int step, int before, int after)
    {
        var first = SequentialRunner.Run(new NetworkPlan(Recurrent, before), step, scheduleSeed: 1);
        var checkpoint = Checkpoint.From(Recurrent, first.Select(k => k.Snapshot()));
        var second = SequentialRunner.Run(new NetworkPlan(Recurrent, after), Recurrent.Simulation.Steps, checkpoint, scheduleSeed: 2);
        // The first run recorded the spikes it delivered; the resumed one delivers the rest, those in flight included.
        Assert.Equal(Straight.Value, (Record[])[.. Records(first).Concat(Records(second)).OrderBy(r => r.Step).ThenBy(r => r.Projection).ThenBy(r => r.Source).ThenBy(r => r.Target)]);
    }
}
