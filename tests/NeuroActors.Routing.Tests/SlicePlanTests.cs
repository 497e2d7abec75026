namespace NeuroActors.Routing.Tests;

public class SlicePlanTests
{
    private static readonly (string, int)[] Pops = { ("a", 1000), ("b", 300), ("c", 50) };

    [Fact]
    public void PopulationsAreCutIntoFullSlicesAndARemainderNumberedInPopulationOrder()
    {
        var plan = new SlicePlan(Models.Build(Pops));
        Assert.Equal(new[]
        {
            new Slice(0, 0, 0, 256), new Slice(1, 0, 256, 256), new Slice(2, 0, 512, 256), new Slice(3, 0, 768, 232),
            new Slice(4, 1, 0, 256), new Slice(5, 1, 256, 44),
            new Slice(6, 2, 0, 50),
        }, plan.Slices);
        Assert.Equal(7, plan.ShardCount);
        Assert.Equal(4, plan.MostSlicesPerPopulation);
        Assert.Equal(256, plan.LargestSlice);
        Assert.Equal(1, plan.IndexInPopulation(plan.Slices[5]));
        Assert.Equal(plan.Slices[3], plan.SliceOf(0, 999));
        Assert.Equal(plan.Slices[4], plan.SliceOf(1, 255));
        Assert.Equal(plan.Slices[5], plan.SliceOf(1, 256));
    }

    [Fact]
    public void APerPopulationOverrideChangesOnlyThatPopulation()
    {
        var plan = new SlicePlan(Models.Build(Pops), 500, new Dictionary<string, int> { ["b"] = 100 });
        Assert.Equal(new[]
        {
            new Slice(0, 0, 0, 500), new Slice(1, 0, 500, 500),
            new Slice(2, 1, 0, 100), new Slice(3, 1, 100, 100), new Slice(4, 1, 200, 100),
            new Slice(5, 2, 0, 50),
        }, plan.Slices);
        Assert.Equal(100, plan.MaxNeuronsFor(1));
        Assert.Equal(500, plan.MaxNeuronsFor(2));
    }

    [Fact]
    public void OneNeuronPerSliceGivesOneSlicePerNeuron()
    {
        var plan = new SlicePlan(Models.Build(new[] { ("a", 3) }), 1);
        Assert.Equal(new[] { new Slice(0, 0, 0, 1), new Slice(1, 0, 1, 1), new Slice(2, 0, 2, 1) }, plan.Slices);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void ALimitBelowOneIsRefusedWithItsValue(int n)
    {
        var ex = Assert.Throws<ArgumentException>(() => new SlicePlan(Models.Build(Pops), n));
        Assert.Equal("maxNeuronsPerSlice", ex.ParamName);
        Assert.Contains($"was {n}", ex.Message);
        Assert.Contains("at least 1", ex.Message);
    }

    [Fact]
    public void AnOverrideForAnUnknownPopulationNamesTheValidOnes()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SlicePlan(Models.Build(Pops), 256, new Dictionary<string, int> { ["exc"] = 10 }));
        Assert.Equal("perPopulation", ex.ParamName);
        Assert.Contains("'exc'", ex.Message);
        Assert.Contains("valid names: a, b, c", ex.Message);
    }

    [Fact]
    public void AnOverrideBelowOneIsRefusedWithThePopulationName()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SlicePlan(Models.Build(Pops), 256, new Dictionary<string, int> { ["c"] = 0 }));
        Assert.Equal("perPopulation", ex.ParamName);
        Assert.Contains("perPopulation['c'] was 0", ex.Message);
        Assert.Contains("at least 1", ex.Message);
    }
}
