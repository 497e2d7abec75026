namespace NeuroActors.Model;

/// <summary>One model parameter: name, unit, default and the valid range.</summary>
public sealed record ParameterInfo(string Name, string Unit, double Default, double Min, double Max, bool MinExclusive, string Meaning)
{
    /// <summary>The rule <paramref name="value"/> breaks ("… must be > 0 ms"), or null when the value is valid.</summary>
    public string? Refusal(double value)
    {
        bool below = MinExclusive ? value <= Min : value < Min;
        if (!below && value <= Max && !double.IsNaN(value)) return null;
        return $"{Meaning} must be {(MinExclusive ? ">" : ">=")} {Show(Min)}{(double.IsPositiveInfinity(Max) ? "" : $" and <= {Show(Max)}")} {Unit}";
    }

    private static string Show(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
