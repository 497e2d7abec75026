namespace NeuroActors.Training.Tests;

/// <summary>Arrays datasets against the formulas make_fixtures.py wrote them from.</summary>
public class ArraysDatasetTests
{
    private const int S = 4, T = 3, U = 5;

    private static SampleSet Load(string inputs, string labels = "labels_i8.npy", int? steps = null, int? units = null) =>
        ArraysDataset.Load(new ArraysSpec(inputs, labels, steps, units), Fixtures.Npy);

    private static void AssertEvents(SampleSet set, Func<int, int, int, double> value)
    {
        for (int s = 0; s < set.Count; s++)
            for (int t = 0; t < set.Steps; t++)
            {
                var expected = Enumerable.Range(0, U).Where(u => value(s, t, u) != 0).ToArray();
                Assert.Equal(expected, set.UnitsAt(s, t).ToArray());
                if (set.Values is not null)
                    Assert.Equal(expected.Select(u => (float)value(s, t, u)).ToArray(), set.ValuesAt(s, t).ToArray());
            }
    }

    [Fact]
    public void SpikeTrainsOfBytesAreBinaryEvents()
    {
        var set = Load("spikes_u1.npy");
        Assert.Equal((S, T, U, 3), (set.Count, set.Steps, set.Inputs, set.Classes));
        Assert.Null(set.Values);
        Assert.Equal([0, 1, 2, 0], set.Labels);
        AssertEvents(set, (s, t, u) => (s + 2 * t + 3 * u) % 4 == 0 ? 1 : 0);
    }

    [Fact]
    public void AnEventListGivesTheSameSamplesAsTheArray()
    {
        var list = Load("spikes_events.csv", "labels.csv", steps: T, units: U);
        var array = Load("spikes_u1.npy");
        Assert.Equal(array.Offsets, list.Offsets);
        Assert.Equal(array.Units, list.Units);
        Assert.Equal(array.Labels, list.Labels);
        Assert.Null(list.Values);
    }

    [Fact]
    public void ValuesAreKeptAndZerosAreNotEvents()
    {
        var set = Load("values_f4.npy", "labels_i4_column.npy");
        Assert.NotNull(set.Values);
        AssertEvents(set, (s, t, u) => (s + t + u) % 3 * 0.5);
    }

    [Fact]
    public void FeaturesArePresentedOnEveryStep()
    {
        var npy = Load("features_f8.npy", steps: 7);
        Assert.Equal(7, npy.Steps);
        AssertEvents(npy, (s, t, u) => (s - u) * 0.25);
        var csv = Load("features.csv", "labels.csv", steps: 7);
        Assert.Equal(npy.Offsets, csv.Offsets);
        Assert.Equal(npy.Units, csv.Units);
        Assert.Equal(npy.Values, csv.Values);
    }

    [Fact]
    public void ErrorsNameTheFileTheFieldAndWhatIsValid()
    {
        var ex = Assert.Throws<DatasetException>(() => Load("features_f8.npy"));
        Assert.Equal(("features_f8.npy", "steps"), (ex.File, ex.Field));
        Assert.Contains("dataset.arrays.steps", ex.Expected);

        ex = Assert.Throws<DatasetException>(() => Load("spikes_u1.npy", "labels_three.npy"));
        Assert.Equal("shape", ex.Field);
        Assert.Contains("the labels hold 3", ex.Expected);

        ex = Assert.Throws<DatasetException>(() => Load("spikes_u1.npy", "labels_f4.npy"));
        Assert.Equal(("labels_f4.npy", "dtype"), (ex.File, ex.Field));

        ex = Assert.Throws<DatasetException>(() => Load("spikes_u1.npy", "labels_one_class.npy"));
        Assert.Contains("at least two classes", ex.Expected);

        ex = Assert.Throws<DatasetException>(() => Load("spikes_u1.npy", steps: 4));
        Assert.Contains("make it 3", ex.Expected);

        ex = Assert.Throws<DatasetException>(() => Load("spikes_events.csv", "labels.csv", steps: T));
        Assert.Equal("units", ex.Field);

        ex = Assert.Throws<DatasetException>(() => Load("dtype_f4.npy"));
        Assert.Equal("shape", ex.Field);
        Assert.Equal("(2, 3)", ex.Value);
    }

    [Fact]
    public void EventListsRefuseOutOfRangeAndRepeatedEvents()
    {
        string dir = Fixtures.TempFolder();
        File.Copy(Fixtures.NpyFile("labels.csv"), Path.Combine(dir, "labels.csv"));
        File.WriteAllText(Path.Combine(dir, "far.csv"), "sample,step,unit\n0,0,1\n1,2,5\n");
        var ex = Assert.Throws<DatasetException>(() => ArraysDataset.Load(new ArraysSpec("far.csv", "labels.csv", T, U), dir));
        Assert.Equal(("far.csv", "line 3, unit", "5"), (ex.File, ex.Field, ex.Value));
        Assert.Contains("0 to 4", ex.Expected);

        File.WriteAllText(Path.Combine(dir, "twice.csv"), "sample,step,unit,value\n0,1,2,0.5\n3,0,0,1\n0,1,2,0.25\n");
        ex = Assert.Throws<DatasetException>(() => ArraysDataset.Load(new ArraysSpec("twice.csv", "labels.csv", T, U), dir));
        Assert.Equal("line 4", ex.Field);
        Assert.Contains("first on line 2", ex.Value);

        File.WriteAllText(Path.Combine(dir, "valued.csv"), "sample,step,unit,value\n2,1,4,0.5\n2,1,0,-1\n3,0,0,0\n");
        var set = ArraysDataset.Load(new ArraysSpec("valued.csv", "labels.csv", T, U), dir);
        Assert.Equal([0, 4], set.UnitsAt(2, 1).ToArray());
        Assert.Equal([-1f, 0.5f], set.ValuesAt(2, 1).ToArray());
        Assert.Equal(2, set.Units.Length);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void WeightFilesAreCheckedAgainstTheLayersShape()
    {
        var w = WeightFile.Read(Fixtures.NpyFile("weights_3x5.npy"), "weights_3x5.npy", 3, 5);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => (double)(float)(i * 0.1)), w);
        var ex = Assert.Throws<DatasetException>(() => WeightFile.Read(Fixtures.NpyFile("weights_3x5.npy"), "weights_3x5.npy", 5, 3));
        Assert.Equal(("shape", "(3, 5)"), (ex.Field, ex.Value));
    }
}
