namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// How the float weights (pA) of one input of a quantised population become Loihi weight mantissas: a projection, or
/// a Poisson generator stimulus. One scale for the whole input, from its largest possible |weight|, so every shard
/// that holds part of it makes the same mantissas.
/// </summary>
/// <param name="Label">The projection's label, or <c>stimuli[i]</c>.</param>
/// <param name="Projection">Index of the projection in the model, or −1 for a stimulus.</param>
/// <param name="Stimulus">Index of the stimulus in the model, or −1 for a projection.</param>
/// <param name="Target">The quantised population (index in the model).</param>
/// <param name="MaxAbsWeightPa">The largest |weight| the input can have, which the scale maps into 255.</param>
/// <param name="MaxAbsWeightFrom">Where <paramref name="MaxAbsWeightPa"/> comes from (the constant, the distribution's bounds, …).</param>
/// <param name="MantissaPerPa">Mantissa units per pA: a weight w becomes <c>round(w · MantissaPerPa)</c>.</param>
/// <param name="WeightExp">The exponent: a step's input is <c>(Σ mantissas) &lt;&lt; WeightExp</c>, and u gains it <c>&lt;&lt; 6</c>.</param>
/// <param name="NumWeightBits">The weight precision (1..8): the low 8 − n bits of every mantissa are dropped.</param>
/// <param name="Inhibitory">
/// The sign of the weights (they match the receptor): inhibitory mantissas lie in −255..0 (Lava's inhibitory sign
/// mode), excitatory ones in 0..255; never mixed.
/// </param>
/// <param name="WeightExpGiven">True when the model file gave <c>weight_exp</c>, false when the quantisation chose it.</param>
public sealed record QuantisedInput(
    string Label,
    int Projection,
    int Stimulus,
    int Target,
    double MaxAbsWeightPa,
    string MaxAbsWeightFrom,
    double MantissaPerPa,
    int WeightExp,
    int NumWeightBits,
    bool Inhibitory,
    bool WeightExpGiven)
{
    /// <summary>The largest mantissa magnitude (8 bits).</summary>
    public const int MaxMantissa = 255;

    /// <summary>
    /// True when the weights have both signs (a trained network's weights into snn_leaky or leaky_readout): Lava's mixed
    /// sign mode, mantissas in −256..255 with one more low bit dropped; <see cref="Inhibitory"/> is then false.
    /// </summary>
    public bool Mixed { get; init; }

    /// <summary>The sign mode of the input's synapses.</summary>
    public LoihiSignMode SignMode => Mixed ? LoihiSignMode.Mixed : Inhibitory ? LoihiSignMode.Inhibitory : LoihiSignMode.Excitatory;

    /// <summary>How the input's synapses hold their mantissas: its sign mode, weight bits and exponent.</summary>
    public LoihiSynapseFormat Format => new(SignMode, NumWeightBits, WeightExp);

    /// <summary>
    /// The error of the quantised weights: over every weight when the input's weights are known (a constant, a file),
    /// else over a sample of draws (see <see cref="ErrorFrom"/>).
    /// </summary>
    public required WeightError Error { get; init; }

    /// <summary>Describes which weights <see cref="Error"/> covers ("exact", "10,000 draws", "2,000 connections").</summary>
    public required string ErrorFrom { get; init; }

    /// <summary>
    /// The mantissa of <paramref name="weightPa"/> before Lava's clipping and truncation: nearest, halves away from zero.
    /// A mixed input's is the nearest multiple of the step Lava's truncation keeps (2^(9 − NumWeightBits): even at 8 bits),
    /// so that the truncation, a floor, keeps it as it is rather than pulling every weight down.
    /// </summary>
    public long Mantissa(double weightPa)
    {
        if (!Mixed) return Mantissas.Round(weightPa * MantissaPerPa);
        long step = 1L << (9 - NumWeightBits);
        return step * Mantissas.Round(weightPa * MantissaPerPa / step);
    }

    /// <summary>
    /// The mantissa Loihi keeps for <paramref name="mantissa"/> in this input's sign mode: clipped to 0..255 (or
    /// −255..0 for an inhibitory input, −256..255 for a mixed one, which drops one more low bit), then its low 8 − <see cref="NumWeightBits"/> bits dropped (toward zero in
    /// magnitude), as Lava's <c>clip_weights</c> and <c>truncate_weights</c> do.
    /// </summary>
    public long Kept(long mantissa, out bool clipped)
    {
        if (Mixed)
        {
            clipped = mantissa < -MaxMantissa - 1 || mantissa > MaxMantissa;
            return Format.Mantissa(mantissa);
        }
        long magnitude = Inhibitory ? -mantissa : mantissa;
        clipped = magnitude < 0 || magnitude > MaxMantissa;
        magnitude = Math.Clamp(magnitude, 0, MaxMantissa);
        int drop = 8 - NumWeightBits;
        magnitude = magnitude >> drop << drop;
        return Inhibitory ? -magnitude : magnitude;
    }

    /// <summary>The weight in pA that mantissa <paramref name="kept"/> stands for.</summary>
    public double WeightPa(long kept) => kept / MantissaPerPa;

    /// <summary>What <paramref name="weightPa"/> becomes on Loihi, back in pA, and whether Loihi's range clipped it.</summary>
    public double RoundTrip(double weightPa, out bool clipped) => WeightPa(Kept(Mantissa(weightPa), out clipped));
}
