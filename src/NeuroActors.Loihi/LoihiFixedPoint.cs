namespace NeuroActors.Loihi;

/// <summary>
/// The bit widths and shifts of Loihi's CUBA LIF compartment (docs/loihi.md, "The compartment"), as Lava's
/// bit-accurate model (PyLifModelBitAcc) uses them, and the valid range of each compartment parameter.
/// </summary>
public static class LoihiFixedPoint
{
    /// <summary>M = 2^23: u and v are 24-bit signed; u wraps once beyond ±M, v saturates at ±(M − 1).</summary>
    public const int M = 1 << 23;

    /// <summary>Decays are fractions of 2^12 = 4096.</summary>
    public const int DecayShift = 12;

    /// <summary>The synaptic input and the threshold are shifted left by 6 to line up with u and v.</summary>
    public const int InputShift = 6;

    /// <summary>See <see cref="InputShift"/>.</summary>
    public const int ThresholdShift = 6;

    /// <summary>The compartment parameters, in the order the model names them.</summary>
    public static IReadOnlyList<string> ParameterNames { get; } = ["du", "dv", "vth", "bias_mant", "bias_exp", "refractory"];

    /// <summary>
    /// The inclusive range of parameter <paramref name="name"/>: du, dv 12-bit unsigned; vth 17-bit unsigned;
    /// bias_mant 13-bit signed; bias_exp 3-bit; refractory a 6-bit count of steps.
    /// </summary>
    /// <exception cref="ArgumentException">Not a compartment parameter.</exception>
    public static (int Min, int Max) Range(string name) => name switch
    {
        "du" or "dv" => (0, 4095),
        "vth" => (0, 131071),
        "bias_mant" => (-4096, 4095),
        "bias_exp" => (0, 7),
        "refractory" => (0, 63),
        _ => throw new ArgumentException($"parameter: got '{name}'; the compartment's parameters are {string.Join(", ", ParameterNames)}", nameof(name)),
    };

    /// <summary>Throws unless <paramref name="value"/> is in the range of <paramref name="name"/>; the message names the neuron.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the parameter's bit width.</exception>
    public static void Check(string name, int neuron, int value)
    {
        var (min, max) = Range(name);
        if (value < min || value > max)
            throw new ArgumentOutOfRangeException(name, $"{name}[{neuron}]: got {value}; valid range is {min}..{max}");
    }
}
