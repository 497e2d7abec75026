namespace NeuroActors.Loihi;

/// <summary>
/// How one projection's weights reach Loihi's synapses, as Lava's PyDenseModelBitAcc handles them: the sign mode,
/// the mantissa width (1–8 bits) and the exponent that scales each step's accumulated input,
/// a_in = acc &lt;&lt; weight_exp (an arithmetic, flooring right shift for a negative exponent).
/// </summary>
public sealed record LoihiSynapseFormat
{
    /// <summary>The smallest weight exponent (Loihi's 4-bit signed exponent).</summary>
    public const int MinWeightExp = -8;

    /// <summary>The largest weight exponent.</summary>
    public const int MaxWeightExp = 7;

    /// <summary>Creates the format of one projection.</summary>
    /// <exception cref="ArgumentOutOfRangeException">num_weight_bits outside 1..8 or weight_exp outside −8..7.</exception>
    public LoihiSynapseFormat(LoihiSignMode signMode, int numWeightBits = 8, int weightExp = 0)
    {
        if (!Enum.IsDefined(signMode)) throw new ArgumentOutOfRangeException(nameof(signMode), $"sign mode: got {(int)signMode}; valid modes are mixed, excitatory and inhibitory");
        if (numWeightBits is < 1 or > 8)
            throw new ArgumentOutOfRangeException(nameof(numWeightBits), $"num_weight_bits: got {numWeightBits}; valid values are 1..8");
        if (weightExp is < MinWeightExp or > MaxWeightExp)
            throw new ArgumentOutOfRangeException(nameof(weightExp), $"weight_exp: got {weightExp}; valid values are {MinWeightExp}..{MaxWeightExp}");
        SignMode = signMode;
        NumWeightBits = numWeightBits;
        WeightExp = weightExp;
    }

    /// <summary>The projection's sign mode.</summary>
    public LoihiSignMode SignMode { get; }

    /// <summary>Bits of each weight mantissa (8 by default).</summary>
    public int NumWeightBits { get; }

    /// <summary>The exponent applied to each step's accumulated input of the projection (0 by default).</summary>
    public int WeightExp { get; }

    /// <summary>
    /// Lava's determine_sign_mode over a projection's (integer) weights (all of them, so the whole projection, never one shard's
    /// part): excitatory when none is below 0, inhibitory when none is above 0, mixed otherwise.
    /// </summary>
    public static LoihiSignMode DetectSignMode(ReadOnlySpan<double> weights)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double w in weights)
        {
            min = Math.Min(min, w);
            max = Math.Max(max, w);
        }
        return weights.IsEmpty || min >= 0 ? LoihiSignMode.Excitatory : max <= 0 ? LoihiSignMode.Inhibitory : LoihiSignMode.Mixed;
    }

    /// <summary>
    /// The weight as the synapse holds it, from the projection's integer weight <paramref name="weight"/> (a real
    /// weight is first rounded by the model's rule, <see cref="Quantisation.Mantissas.Round"/>): clipped to the sign
    /// mode's 8-bit range, then its low 8 − num_weight_bits bits (one more when mixed) dropped with an arithmetic
    /// shift — flooring for mixed weights, on the magnitude for inhibitory ones (Lava's clip_weights and
    /// truncate_weights).
    /// </summary>
    public int Mantissa(long weight)
    {
        int w = (int)Math.Clamp(weight, -512, 511);
        bool inhibitory = SignMode == LoihiSignMode.Inhibitory, mixed = SignMode == LoihiSignMode.Mixed;
        if (inhibitory) w = -w;
        w = Math.Clamp(w, mixed ? -256 : 0, 255);
        int drop = 8 - NumWeightBits + (mixed ? 1 : 0);
        w = (w >> drop) << drop;
        return inhibitory ? -w : w;
    }

    /// <summary>
    /// Whether the exponent must be applied to the projection's own accumulated sum (a negative exponent: the floor of
    /// each projection's sum, (acc1 &gt;&gt; k) + (acc2 &gt;&gt; k) ≠ (acc1 + acc2) &gt;&gt; k); otherwise each mantissa
    /// can be shifted once when stored, since left shifts of a sum modulo 2^32 are the sum of the shifts.
    /// </summary>
    public bool ShiftsAccumulatedSum => WeightExp < 0;

    /// <summary>What one spike through a synapse of mantissa <paramref name="mantissa"/> adds to the target's accumulator.</summary>
    public int Stored(int mantissa) => ShiftsAccumulatedSum ? mantissa : unchecked(mantissa << WeightExp);
}
