using NeuroActors.Kernel.Random;

namespace NeuroActors.Training;

/// <summary>
/// A reproducible train/test split: a Fisher–Yates permutation of the sample indices drawn from stream
/// <see cref="TrainingStreams.Split"/> under the dataset's seed; the first round(fraction·n) indices of the permutation are
/// the test set, the rest the training set, each in permutation order.
/// </summary>
public static class DatasetSplit
{
    /// <summary>The permutation of 0..<paramref name="count"/>−1: for i from n−1 down to 1, swap i with a uniform j in 0..i.</summary>
    public static int[] Permutation(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        var random = new RandomStream(seed, TrainingStreams.Split, 0);
        for (int i = count - 1; i > 0; i--)
        {
            int j = random.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The number of test samples: round(fraction·n), halves to even as Math.Round does.</summary>
    public static int TestCount(int count, double testFraction) => (int)Math.Round(testFraction * count);

    /// <summary>Splits <paramref name="data"/> into (train, test) with <paramref name="testFraction"/> in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in [0, 1).</exception>
    public static (SampleSet Train, SampleSet Test) Split(SampleSet data, double testFraction, ulong seed)
    {
        if (!(testFraction >= 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "test_fraction must be in [0, 1)");
        var order = Permutation(data.Count, seed);
        int test = TestCount(data.Count, testFraction);
        return (data.Subset(order.AsSpan(test)), data.Subset(order.AsSpan(0, test)));
    }
}
