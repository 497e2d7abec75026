using NeuroActors.Model;

namespace NeuroActors.Routing.Tests;

public class ShardCutTests
{
    /// <summary>The populations of <paramref name="spec"/> with the given backends (null: the default).</summary>
    private static NetworkSpec On(NetworkSpec spec, params string?[] backends) =>
        spec with { Populations = [.. spec.Populations.Select((p, i) => p with { Backend = backends[i] })] };

    // a (300) and c (60) on cpu, b (100) on "x": backends in the order of their first population.
    private static readonly NetworkSpec Spec = On(Models.Raw(("a", 300), ("b", 100), ("c", 60)), null, "x", null);

    [Theory]
    [InlineData(2, 1, 1)]
    [InlineData(3, 2, 1)]  // 360 / 1 against 100 / 1
    [InlineData(4, 3, 1)]  // 360 / 2 = 180 against 100
    [InlineData(5, 4, 1)]  // 360 / 3 = 120 against 100
    [InlineData(6, 4, 2)]  // 360 / 4 = 90 against 100
    [InlineData(9, 7, 2)]  // 360 / 6 = 60 against 100 / 2 = 50
    [InlineData(11, 8, 3)] // 360 / 8 = 45 against 50
    public void A_shard_count_is_shared_by_the_most_neurons_per_shard(int shards, int cpu, int x)
    {
        Assert.Equal(["cpu", "x"], BackendShares.InUse(Spec));
        Assert.Equal([cpu, x], BackendShares.Of(Spec, shards));
    }

    [Fact]
    public void A_tie_goes_to_the_backend_named_first()
    {
        var tied = On(Models.Raw(("a", 100), ("b", 100)), "y", null);
        Assert.Equal([2, 1], BackendShares.Of(tied, 3));
        Assert.Equal([2, 2], BackendShares.Of(tied, 4));
        Assert.Equal([5], BackendShares.Of(Models.Raw(("a", 1), ("b", 1000)), 5));
    }

    [Fact]
    public void The_equal_cut_gives_each_backend_its_shards_and_numbers_gids_in_model_order()
    {
        var cut = ShardCut.Equal(Spec, 5);

        Assert.Equal(["cpu", "cpu", "cpu", "cpu", "x"], Enumerable.Range(0, 5).Select(cut.BackendOf));
        Assert.Equal([new ShardSlice(0, 0, 75), new ShardSlice(2, 0, 15)], cut.Slices[0]);
        Assert.Equal([new ShardSlice(0, 150, 75), new ShardSlice(2, 30, 15)], cut.Slices[2]);
        Assert.Equal([new ShardSlice(1, 0, 100)], cut.Slices[4]);
        Assert.Equal((0, 0), cut.Slice(1, 0));
        Assert.Equal((150, 75), cut.Slice(0, 2));
        Assert.Equal(4, cut.ShardOf(1, 99));
        Assert.Equal(2, cut.ShardOf(2, 44));
        Assert.Equal(3, cut.ShardOf(2, 45));
        Assert.Equal([0, 300, 400, 460], ShardCut.FirstGids(Spec));
        Assert.Equal(460, cut.TotalNeurons);
        Assert.Equal(1, cut.PopulationOf(399));
        Assert.Equal(2, cut.PopulationOf(459));
    }

    [Fact]
    public void Cuts_that_do_not_cover_every_neuron_once_or_mix_backends_are_refused()
    {
        var whole = Spec.Populations.Select((p, i) => new ShardSlice(i, 0, p.Size)).ToArray();
        Assert.Contains("neurons 0..0 are in no shard",
            Assert.Throws<ArgumentException>(() => new ShardCut(Spec, [[whole[0] with { Start = 1, Count = 299 }, whole[2]], [whole[1]]])).Message);
        Assert.Contains("holds two slices of population 0",
            Assert.Throws<ArgumentException>(() => new ShardCut(Spec, [[whole[0] with { Count = 100 }, whole[0] with { Start = 100, Count = 200 }, whole[2]], [whole[1]]])).Message);
        Assert.StartsWith("shard 1 holds populations of two backends, b (x) and c (cpu); a shard holds populations of one backend",
            Assert.Throws<ArgumentException>(() => new ShardCut(Spec, [[whole[0]], [whole[1], whole[2]]])).Message);
        Assert.StartsWith("shards: got 1; the model computes its populations on 2 shard backends (cpu: a, c; x: b) and a shard holds populations of one backend, so it needs at least 2 shards",
            Assert.Throws<ArgumentException>(() => ShardCut.Equal(Spec, 1)).Message);
    }
}
