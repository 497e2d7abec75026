namespace NeuroActors.Model;

/// <summary>One model parameter: name, unit, default and the valid range.</summary>
public sealed record ParameterInfo(string Name, string Unit, double Default, double Min, double Max, bool MinExclusive, string Meaning)
{
    /// <summary>
    /// For the parameters of fixed-point models (loihi_lif): the whole numbers the parameter takes, which replace
    /// <see cref="Min"/> and <see cref="Max"/> in <see cref="Refusal"/>; null for a real-valued parameter.
    /// </summary>
    public IntegerRange? Integer { get; init; }

    /// <summary>
    /// For an integer parameter that picks one of several behaviours (snn_leaky's <c>reset</c>): what each value
    /// 0, 1, 2, … means, shown in <see cref="Refusal"/>; null for a parameter that is a quantity.
    /// </summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The rule <paramref name="value"/> breaks ("… must be > 0 ms"), or null when the value is valid.</summary>
    public string? Refusal(double value)
    {
        if (Choices is { } choices && Integer is { } options)
            return options.Contains(value) ? null
                : $"valid: {string.Join(", ", choices.Select((c, i) => $"{i} ({c})").SkipLast(1))} or {choices.Count - 1} ({choices[^1]})";
        if (Integer is { } range) return range.Contains(value) ? null : $"valid: {range.Describe()}";
        bool below = MinExclusive ? value <= Min : value < Min;
        if (!below && value <= Max && double.IsFinite(value)) return null;
        string op = MinExclusive ? ">" : ">=";
        string upper = double.IsPositiveInfinity(Max) ? "" : $" and <= {Show(Max)}";
        // An infinite parameter turns the equations' arithmetic into NaN or -inf membrane potentials.
        if (double.IsInfinity(value) && !double.IsNaN(value))
            return $"{Meaning} must be a finite number{(Unit.Length == 0 ? "" : $" of {Unit}")}" +
                (double.IsNegativeInfinity(Min) ? upper : $", {op} {Show(Min)}{upper}");
        return $"{Meaning} must be {op} {Show(Min)}{upper}{(Unit.Length == 0 ? "" : " " + Unit)}";
    }

    private static string Show(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
