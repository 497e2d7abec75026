namespace NeuroActors.Model;

/// <summary>One model parameter: name, unit, default and the valid range.</summary>
public sealed record ParameterInfo(string Name, string Unit, double Default, double Min, double Max, bool MinExclusive, string Meaning)
{
    /// <summary>
    /// For the parameters of fixed-point models (loihi_lif): the whole numbers the parameter takes, which replace
    /// <see cref="Min"/> and <see cref="Max"/> in <see cref="Refusal"/>; null for a real-valued parameter.
    /// </summary>
    public IntegerRange? Integer { get; init; }

    /// <summary>The rule <paramref name="value"/> breaks ("… must be > 0 ms"), or null when the value is valid.</summary>
    public string? Refusal(double value)
    {
        if (Integer is { } range) return range.Contains(value) ? null : $"valid: {range.Describe()}";
        bool below = MinExclusive ? value <= Min : value < Min;
        if (!below && value <= Max && !double.IsNaN(value)) return null;
        return $"{Meaning} must be {(MinExclusive ? ">" : ">=")} {Show(Min)}{(double.IsPositiveInfinity(Max) ? "" : $" and <= {Show(Max)}")} {Unit}";
    }

    private static string Show(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
