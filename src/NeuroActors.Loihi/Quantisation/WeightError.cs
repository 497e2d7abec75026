namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// The error of quantised weights against the float weights they stand for: how many, the largest and the
/// root-mean-square relative error |w_q − w| / |w| (weights of 0 count with an error of 0 when they stay 0, and are
/// left out of the relative error otherwise), the largest absolute error, and how many mantissas Loihi's range
/// clipped. Filled by <see cref="Add"/>; a value, so that a shard can keep one per projection.
/// </summary>
public sealed class WeightError
{
    private double _sumSquares;

    /// <summary>Weights added.</summary>
    public long Count { get; private set; }

    /// <summary>The largest relative error.</summary>
    public double MaxRelative { get; private set; }

    /// <summary>The root-mean-square relative error; 0 when no weight was added.</summary>
    public double RmsRelative => Count == 0 ? 0 : Math.Sqrt(_sumSquares / Count);

    /// <summary>The largest absolute error, in the float weight's unit.</summary>
    public double MaxAbsolute { get; private set; }

    /// <summary>Weights whose mantissa fell outside Loihi's range and was clipped.</summary>
    public long Clipped { get; private set; }

    /// <summary>Adds one weight <paramref name="weight"/> and what Loihi makes of it, <paramref name="quantised"/> (same unit).</summary>
    public void Add(double weight, double quantised, bool clipped)
    {
        double error = Math.Abs(quantised - weight);
        double relative = weight != 0 ? error / Math.Abs(weight) : 0;
        Count++;
        _sumSquares += relative * relative;
        MaxRelative = Math.Max(MaxRelative, relative);
        MaxAbsolute = Math.Max(MaxAbsolute, error);
        if (clipped) Clipped++;
    }
}
