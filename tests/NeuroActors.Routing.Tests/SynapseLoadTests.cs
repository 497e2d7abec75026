using NeuroActors.Model;

namespace NeuroActors.Routing.Tests;

public class SynapseLoadTests
{
    /// <summary>Loads of b's three slices (25, 25, 10 neurons) for one projection into b; a has 100 neurons, b 60.</summary>
    private static double[] LoadOfB(string source, ConnectorSpec connector)
    {
        var spec = Models.Build(new[] { ("a", 100), ("b", 60), ("c", 60) }, b => b.Projection(source, "b", connector, Models.Syn()));
        var plan = new SlicePlan(spec, 25);
        return SynapseLoad.PerShard(plan).Skip(4).Take(3).ToArray(); // a: shards 0-3, b: 4-6
    }

    [Fact]
    public void FixedInDegreeIsDegreeTimesSliceSize() => Assert.Equal(new[] { 125.0, 125, 50 }, LoadOfB("a", Models.InDegree(5)));

    [Fact]
    public void FixedProbabilityIsPTimesSourceTimesSliceSize() => Assert.Equal(new[] { 250.0, 250, 100 }, LoadOfB("a", Models.Probability(0.1)));

    [Fact]
    public void RecurrentFixedProbabilityWithoutAutapsesLeavesOutTheDiagonal() =>
        Assert.Equal(new[] { 0.5 * (60 * 25 - 25), 0.5 * (60 * 25 - 25), 0.5 * (60 * 10 - 10) }, LoadOfB("b", Models.Probability(0.5, autapses: false)));

    [Fact]
    public void AllToAllIsSourceTimesSliceSizeMinusAutapsesWhenRecurrentAndDisallowed()
    {
        Assert.Equal(new[] { 2500.0, 2500, 1000 }, LoadOfB("a", Models.AllToAll(autapses: false)));
        Assert.Equal(new[] { 1500.0, 1500, 600 }, LoadOfB("b", Models.AllToAll(autapses: true)));
        Assert.Equal(new[] { 1475.0, 1475, 590 }, LoadOfB("b", Models.AllToAll(autapses: false)));
    }

    [Fact]
    public void OneToOneIsTheSliceSize() => Assert.Equal(new[] { 25.0, 25, 10 }, LoadOfB("c", Models.OneToOne()));

    [Fact]
    public void FixedOutDegreeSpreadsTheSourcesOutDegreeOverTheTarget() =>
        Assert.Equal(new[] { 3.0 * 100 * 25 / 60, 3.0 * 100 * 25 / 60, 3.0 * 100 * 10 / 60 }, LoadOfB("a", Models.OutDegree(3)));

    [Fact]
    public void FixedTotalNumberSharesTheTotalOverTheTargets() =>
        Assert.Equal(new[] { 600.0 * 25 / 60, 600.0 * 25 / 60, 600.0 * 10 / 60 }, LoadOfB("a", Models.TotalNumber(600)));

    [Fact]
    public void ExplicitCountsThePairsLandingInEachSlice() =>
        Assert.Equal(new[] { 2.0, 1, 1 }, LoadOfB("a", Models.Explicit((0, 0), (1, 24), (2, 25), (3, 59))));

    [Fact]
    public void ProjectionsAddUpAndSourcesCarryNoLoad()
    {
        var spec = Models.Build(new[] { ("a", 100), ("b", 60), ("c", 60) }, b =>
        {
            b.Projection("a", "b", Models.InDegree(5), Models.Syn());
            b.Projection("c", "b", Models.OneToOne(), Models.Syn());
        });
        var load = SynapseLoad.PerShard(new SlicePlan(spec, 25));
        Assert.Equal(new[] { 0.0, 0, 0, 0, 150, 150, 60, 0, 0, 0 }, load);
    }
}
