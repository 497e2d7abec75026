namespace NeuroActors.Training.Tests;

public class DatasetSplitTests
{
    [Fact]
    public void ThePermutationIsReproducibleAndHoldsEveryIndexOnce()
    {
        var a = DatasetSplit.Permutation(1000, 7);
        Assert.Equal(a, DatasetSplit.Permutation(1000, 7));
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(a, DatasetSplit.Permutation(1000, 8));
        Assert.NotEqual(Enumerable.Range(0, 1000), a);
    }

    [Fact]
    public void TheTestSetIsTheFirstRoundedFractionOfThePermutation()
    {
        var data = Randman.Generate(new RandmanSpec(Classes: 3, Units: 4, Steps: 10, SamplesPerClass: 9), 5);
        var (train, test) = DatasetSplit.Split(data, 0.25, 11);
        var order = DatasetSplit.Permutation(27, 11);
        Assert.Equal(7, test.Count);                 // round(0.25·27 = 6.75)
        Assert.Equal(20, train.Count);
        Assert.Equal(order[..7].Select(i => data.Labels[i]), test.Labels);
        Assert.Equal(order[7..].Select(i => data.Labels[i]), train.Labels);
        for (int k = 0; k < 7; k++)
            for (int t = 0; t < 10; t++)
                Assert.Equal(data.UnitsAt(order[k], t).ToArray(), test.UnitsAt(k, t).ToArray());
        Assert.Equal(2, DatasetSplit.TestCount(5, 0.5)); // 2.5 rounds to even
    }

    [Fact]
    public void TheLoaderGeneratesAndSplitsRandman()
    {
        var spec = new DatasetSpec(DatasetKind.Randman, new RandmanSpec(Classes: 2, Units: 3, Steps: 5, SamplesPerClass: 10), null, 0.3, 4);
        var (train, test) = DatasetLoader.Load(spec, ".");
        Assert.Equal((14, 6), (train.Count, test.Count));
        var again = DatasetLoader.Load(spec, ".");
        Assert.Equal(train.Units, again.Train.Units);
        Assert.Equal(test.Labels, again.Test.Labels);
    }
}
