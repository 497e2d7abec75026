using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Random;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Tests;

/// <summary>NEST's fixed_total_number: the split of the total over the targets, and the connector in a network.</summary>
public class FixedTotalNumberTests
{
    private static int[] Split(int targets, long total, ulong seed = 3, int projection = 0, int start = 0, int? count = null) =>
        TotalNumberSplit.InDegrees(seed, Streams.Split(projection), targets, total, start, count ?? targets - start);

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 17)]
    [InlineData(5, 3)]
    [InlineData(1_000, 50_000)]
    [InlineData(20_683, 45_499_806)] // the largest microcircuit projection, L23E → L23E
    public void The_in_degrees_add_up_to_the_total_exactly(int targets, long total)
    {
        var degrees = Split(targets, total);

        Assert.Equal(targets, degrees.Length);
        Assert.Equal(total, degrees.Sum(d => (long)d));
        Assert.All(degrees, d => Assert.True(d >= 0));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Any_cut_of_the_targets_gets_the_same_in_degrees(int pieces)
    {
        const int targets = 1000;
        var whole = Split(targets, 12_345);
        // Uneven pieces: boundaries at i²·T/pieces², so slices differ in size and fall anywhere in the tree.
        var bounds = Enumerable.Range(0, pieces + 1).Select(i => (int)((long)i * i * targets / ((long)pieces * pieces))).ToArray();

        var joined = Enumerable.Range(0, pieces)
            .SelectMany(i => Split(targets, 12_345, start: bounds[i], count: bounds[i + 1] - bounds[i]))
            .ToArray();

        Assert.Equal(whole, joined);
    }

    [Fact]
    public void In_degrees_have_the_binomial_variance()
    {
        const int targets = 1_000, total = 50_000, seeds = 10;
        var degrees = Enumerable.Range(0, seeds).SelectMany(s => Split(targets, total, seed: (ulong)s)).ToArray();
        double p = 1.0 / targets, expectedVariance = total * p * (1 - p);

        double mean = degrees.Average();
        double variance = degrees.Sum(d => (d - mean) * (d - mean)) / (degrees.Length - 1);

        Assert.Equal(total * p, mean, 9); // exact: every seed places all synapses
        // Relative standard error of the sample variance: √(2/10,000) ≈ 1.4 %.
        Assert.True(Math.Abs(variance / expectedVariance - 1) < 0.06, $"variance {variance}, expected {expectedVariance}");
    }

    [Fact]
    public void Uneven_splits_favour_no_target()
    {
        // 7 targets: the tree splits 3/7 against 4/7, then 1/3 against 2/3, … Every target must still get N/7 on average.
        const int targets = 7, total = 70, seeds = 20_000;
        var sum = new double[targets];
        var sumSquares = new double[targets];
        for (int s = 0; s < seeds; s++)
        {
            var d = Split(targets, total, seed: (ulong)s);
            for (int t = 0; t < targets; t++) { sum[t] += d[t]; sumSquares[t] += (double)d[t] * d[t]; }
        }
        double p = 1.0 / targets, expectedMean = total * p, expectedVariance = total * p * (1 - p);
        for (int t = 0; t < targets; t++)
        {
            double mean = sum[t] / seeds, variance = sumSquares[t] / seeds - mean * mean;
            Assert.True(Math.Abs(mean - expectedMean) < 5 * Math.Sqrt(expectedVariance / seeds), $"target {t}: mean {mean}");
            Assert.True(Math.Abs(variance / expectedVariance - 1) < 0.05, $"target {t}: variance {variance}");
        }
    }

    [Fact]
    public void Projections_and_seeds_split_independently()
    {
        Assert.NotEqual(Split(100, 1_000, projection: 0), Split(100, 1_000, projection: 1));
        Assert.NotEqual(Split(100, 1_000, seed: 1), Split(100, 1_000, seed: 2));
    }

    [Fact]
    public void A_slice_outside_the_population_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Split(10, 5, start: 8, count: 3));

    /// <summary>Two populations wired like the microcircuit: fixed totals, clipped normal weights and delays, Poisson drive.</summary>
    private static NetworkSpec Circuit()
    {
        var neuron = new Dictionary<string, double>
        {
            ["c_m"] = 250, ["tau_m"] = 10, ["tau_syn_ex"] = 0.5, ["tau_syn_in"] = 0.5, ["t_ref"] = 2, ["e_l"] = -65, ["v_th"] = -50, ["v_reset"] = -65,
        };
        var v0 = new Dictionary<string, Distribution> { ["v"] = Distribution.Normal(-58, 5) };
        var exc = new SynapseSpec(Receptor.Excitatory, Distribution.NormalClipped(87.8, 8.78, 0, double.PositiveInfinity), Distribution.NormalClipped(1.5, 0.75, 0.1, 100));
        var inh = new SynapseSpec(Receptor.Inhibitory, Distribution.NormalClipped(-351.2, 35.12, double.NegativeInfinity, 0), Distribution.NormalClipped(0.75, 0.375, 0.1, 100));
        return new NetworkBuilder("total-number", dtMs: 0.1, durationMs: 150, seed: 11)
            .Population("e", 120, NeuronModel.IafPscExp, neuron, v0)
            .Population("i", 37, NeuronModel.IafPscExp, neuron, v0)
            .Projection("e", "e", new ConnectorSpec(ConnectorKind.FixedTotalNumber, TotalNumber: 1_500, AllowAutapses: false), exc)
            .Projection("e", "i", new ConnectorSpec(ConnectorKind.FixedTotalNumber, TotalNumber: 600), exc)
            .Projection("i", "e", new ConnectorSpec(ConnectorKind.FixedTotalNumber, TotalNumber: 800), inh)
            .Projection("i", "i", new ConnectorSpec(ConnectorKind.FixedTotalNumber, TotalNumber: 200), inh)
            .Poisson("e", rateHz: 10_000, weight: 87.8)
            .Poisson("i", rateHz: 10_000, weight: 87.8)
            .RecordSpikes("e").RecordSpikes("i")
            .Build();
    }

    private static readonly Lazy<long[]> OneShard = new(() => TestNetworks.Spikes(TestNetworks.Run(Circuit(), 1)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_network_makes_exactly_the_total_on_any_number_of_shards(int shards)
    {
        var spec = Circuit();
        var plan = new NetworkPlan(spec, shards);

        long synapses = Enumerable.Range(0, shards).Sum(k => new ShardKernel(plan, k).SynapseCount);

        Assert.Equal(spec.Projections.Sum(p => p.Connector.TotalNumber), synapses);
    }

    [Fact]
    public void Both_populations_fire()
    {
        var plan = new NetworkPlan(Circuit(), 1);
        Assert.Contains(OneShard.Value, e => plan.PopulationOf(SpikeEvent.Gid(e)) == 0);
        Assert.Contains(OneShard.Value, e => plan.PopulationOf(SpikeEvent.Gid(e)) == 1);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Spikes_are_bitwise_identical_on_any_number_of_shards(int shards) =>
        Assert.Equal(OneShard.Value, TestNetworks.Spikes(TestNetworks.Run(Circuit(), shards, scheduleSeed: shards)));

    [Fact]
    public void Spikes_are_bitwise_identical_when_every_slice_of_7_neurons_is_a_shard()
    {
        var spec = Circuit();
        var cut = spec.Populations.SelectMany((pop, p) => Enumerable.Range(0, (pop.Size + 6) / 7)
                .Select(i => (IReadOnlyList<ShardSlice>)[new ShardSlice(p, i * 7, Math.Min(7, pop.Size - i * 7))]))
            .ToList();

        var spikes = TestNetworks.Spikes(SequentialRunner.Run(new NetworkPlan(spec, cut), spec.Simulation.Steps, scheduleSeed: 7));

        Assert.Equal(OneShard.Value, spikes);
    }
}
