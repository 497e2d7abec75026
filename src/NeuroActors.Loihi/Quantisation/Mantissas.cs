namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// How a real number becomes one of Loihi's integers (a weight mantissa given or drawn as a real number into a
/// loihi_lif population, a drawn initial u or v, a quantised parameter): the nearest integer, halves away from zero, so
/// that negating a value negates its integer (an inhibitory projection's mantissas are exactly the negatives of the
/// excitatory one's). Lava casts real weights with <c>astype(int32)</c>, which truncates toward zero; integer weights
/// give the same mantissas either way.
/// </summary>
public static class Mantissas
{
    /// <summary>
    /// <paramref name="value"/> rounded to the nearest integer, halves away from zero, and saturated to the range of
    /// <see cref="long"/> (clipping to a register's width is the caller's, with Lava's rules).
    /// </summary>
    /// <exception cref="ArgumentException">The value is NaN.</exception>
    public static long Round(double value)
    {
        if (double.IsNaN(value)) throw new ArgumentException("a NaN has no integer", nameof(value));
        double r = Math.Round(value, MidpointRounding.AwayFromZero);
        return r >= long.MaxValue ? long.MaxValue : r <= long.MinValue ? long.MinValue : (long)r;
    }
}
