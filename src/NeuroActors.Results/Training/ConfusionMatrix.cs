namespace NeuroActors.Results.Training;

/// <summary>
/// Counts of (true class, predicted class) over a set of samples: <c>Counts[t, p]</c> samples of class t were
/// predicted as p. The diagonal holds the correct ones.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    /// <summary>Wraps a square matrix of counts (copied).</summary>
    /// <exception cref="ArgumentException">The matrix is not square, is empty or holds a negative count.</exception>
    public ConfusionMatrix(int[,] counts)
    {
        int n = counts.GetLength(0);
        if (n == 0 || counts.GetLength(1) != n)
            throw new ArgumentException($"counts must be a non-empty square matrix, got {n}×{counts.GetLength(1)}", nameof(counts));
        _counts = (int[,])counts.Clone();
        foreach (int c in _counts)
            if (c < 0) throw new ArgumentException($"counts must not be negative, got {c}", nameof(counts));
    }

    /// <summary>The confusion matrix of <paramref name="predictions"/> against <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length, <paramref name="classes"/> is below 1, or a class lies outside [0, classes).</exception>
    public static ConfusionMatrix From(int[] labels, int[] predictions, int classes)
    {
        if (classes < 1) throw new ArgumentException($"classes must be at least 1, got {classes}", nameof(classes));
        if (labels.Length != predictions.Length)
            throw new ArgumentException($"{labels.Length} labels but {predictions.Length} predictions", nameof(predictions));
        var counts = new int[classes, classes];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes) throw new ArgumentException($"label {i} is {labels[i]}, must be in [0, {classes})", nameof(labels));
            if ((uint)predictions[i] >= (uint)classes) throw new ArgumentException($"prediction {i} is {predictions[i]}, must be in [0, {classes})", nameof(predictions));
            counts[labels[i], predictions[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    /// <summary>Number of classes.</summary>
    public int Classes => _counts.GetLength(0);

    /// <summary>Samples of class <paramref name="trueClass"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int trueClass, int predicted] => _counts[trueClass, predicted];

    /// <summary>A copy of the counts, rows true classes, columns predictions.</summary>
    public int[,] Counts => (int[,])_counts.Clone();

    /// <summary>Number of samples.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (int c in _counts) total += c;
            return total;
        }
    }

    /// <summary>Number of samples classified correctly (the diagonal).</summary>
    public long Correct
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < Classes; c++) correct += _counts[c, c];
            return correct;
        }
    }

    /// <summary>Fraction of samples classified correctly; NaN when there are none.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Correct / Total;

    /// <summary>Per class, the fraction of its samples predicted as it (sensitivity); NaN for a class without samples.</summary>
    public double[] Recall()
    {
        var recall = new double[Classes];
        for (int t = 0; t < Classes; t++)
        {
            long row = 0;
            for (int p = 0; p < Classes; p++) row += _counts[t, p];
            recall[t] = row == 0 ? double.NaN : (double)_counts[t, t] / row;
        }
        return recall;
    }
}
