namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// Loihi's 12-bit decay constants chosen for a float time constant: per step the current keeps
/// (4096 − (du + 1))/4096 and the voltage (4096 − dv)/4096 (the compartment adds 1 to du and nothing to dv), and
/// each is chosen so that its factor is the nearest that Loihi can hold to the exact decay e^(−dt/τ): within half a
/// unit of 4096·e^(−dt/τ), and within one unit where the register's end clips it (τ beyond about 8,000 steps, or
/// below dt/8).
/// </summary>
public static class DecayConstants
{
    /// <summary>The scale of Loihi's decay factors.</summary>
    public const int Scale = 4096;

    /// <summary>The largest du or dv (12 bits).</summary>
    public const int Max = 4095;

    /// <summary>The du whose current factor (4096 − (du + 1))/4096 is nearest to <paramref name="factor"/> (in [0, 1]).</summary>
    public static int Du(double factor) => Math.Clamp(Max - (int)Mantissas.Round(Scale * factor), 0, Max);

    /// <summary>The dv whose voltage factor (4096 − dv)/4096 is nearest to <paramref name="factor"/> (in [0, 1]).</summary>
    public static int Dv(double factor) => Math.Clamp(Scale - (int)Mantissas.Round(Scale * factor), 0, Max);

    /// <summary>The factor u keeps per step with <paramref name="du"/>: (4096 − (du + 1))/4096.</summary>
    public static double CurrentFactor(int du) => (Scale - (du + 1)) / (double)Scale;

    /// <summary>The factor v keeps per step with <paramref name="dv"/>: (4096 − dv)/4096.</summary>
    public static double VoltageFactor(int dv) => (Scale - dv) / (double)Scale;

    /// <summary>
    /// The time constant (in units of dt times <paramref name="dtMs"/>) whose exact decay per step is
    /// <paramref name="factor"/>: −dt/ln(factor); +∞ for a factor of 1, 0 for a factor of 0.
    /// </summary>
    public static double TimeConstant(double factor, double dtMs) =>
        factor <= 0 ? 0 : factor >= 1 ? double.PositiveInfinity : -dtMs / Math.Log(factor);
}
