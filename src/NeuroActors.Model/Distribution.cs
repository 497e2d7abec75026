namespace NeuroActors.Model;

/// <summary>Kinds of random distribution a parameter, weight, delay or initial value may take.</summary>
public enum DistributionKind
{
    /// <summary>Always <see cref="Distribution.Value"/>.</summary>
    Constant,
    /// <summary>Uniform on [Low, High).</summary>
    Uniform,
    /// <summary>Normal with Mean and Std.</summary>
    Normal,
    /// <summary>Normal with Mean and Std, redrawn until it falls in [Low, High] (NEST's normal_clipped redraws; we redraw too).</summary>
    NormalClipped,
    /// <summary>Lognormal: exp(N(Mu, Sigma)).</summary>
    Lognormal,
}

/// <summary>
/// A scalar that is either a constant or drawn from a distribution. Units are those of the field it fills
/// (see docs/model-format.md).
/// </summary>
public sealed record Distribution(
    DistributionKind Kind,
    double Value = 0,
    double Low = double.NegativeInfinity,
    double High = double.PositiveInfinity,
    double Mean = 0,
    double Std = 0,
    double Mu = 0,
    double Sigma = 0)
{
    /// <summary>A constant value.</summary>
    public static Distribution Constant(double value) => new(DistributionKind.Constant, Value: value);
    /// <summary>Uniform on [low, high).</summary>
    public static Distribution Uniform(double low, double high) => new(DistributionKind.Uniform, Low: low, High: high);
    /// <summary>Normal with the given mean and standard deviation.</summary>
    public static Distribution Normal(double mean, double std) => new(DistributionKind.Normal, Mean: mean, Std: std);
    /// <summary>Normal redrawn until it falls in [low, high].</summary>
    public static Distribution NormalClipped(double mean, double std, double low, double high) =>
        new(DistributionKind.NormalClipped, Low: low, High: high, Mean: mean, Std: std);
    /// <summary>exp(N(mu, sigma)).</summary>
    public static Distribution Lognormal(double mu, double sigma) => new(DistributionKind.Lognormal, Mu: mu, Sigma: sigma);

    /// <summary>True when every draw gives the same value.</summary>
    public bool IsConstant => Kind == DistributionKind.Constant;

    /// <summary>The smallest value a draw can take (used to validate delays and to find the window length).</summary>
    public double Minimum => Kind switch
    {
        DistributionKind.Constant => Value,
        DistributionKind.Uniform or DistributionKind.NormalClipped => Low,
        DistributionKind.Lognormal => 0,
        _ => double.NegativeInfinity,
    };

    /// <summary>The largest value a draw can take.</summary>
    public double Maximum => Kind switch
    {
        DistributionKind.Constant => Value,
        DistributionKind.Uniform or DistributionKind.NormalClipped => High,
        _ => double.PositiveInfinity,
    };

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        DistributionKind.Constant => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DistributionKind.Uniform => $"uniform({Low}, {High})",
        DistributionKind.Normal => $"normal({Mean}, {Std})",
        DistributionKind.NormalClipped => $"normal_clipped({Mean}, {Std}, {Low}, {High})",
        _ => $"lognormal({Mu}, {Sigma})",
    };
}
