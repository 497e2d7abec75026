namespace NeuroActors.Model;

/// <summary>
/// How times in ms become whole steps of dt. Delays that are not a whole number of steps are rounded to the nearest
/// step, halves up, as NEST does; the quotient is taken with a tolerance of <see cref="Tolerance"/> steps, so that a
/// delay written as an exact half (0.15 ms at dt 0.1 ms, whose quotient is 1.4999999999999998 in binary) rounds up
/// like the decimal value it stands for.
/// </summary>
public static class TimeGrid
{
    /// <summary>How far below a half step a quotient may fall from float rounding and still count as the half.</summary>
    public const double Tolerance = 1e-9;

    /// <summary>The nearest whole step of <paramref name="ms"/>, halves rounded up (see <see cref="TimeGrid"/>).</summary>
    public static double NearestStep(double ms, double dtMs) => Math.Floor(ms / dtMs + 0.5 + Tolerance);

    /// <summary>A synaptic delay in whole steps: the nearest step, halves up, and at least one step.</summary>
    public static int DelaySteps(double delayMs, double dtMs)
    {
        double steps = NearestStep(delayMs, dtMs);
        return double.IsNaN(steps) ? 1 : (int)Math.Clamp(steps, 1, int.MaxValue);
    }
}
