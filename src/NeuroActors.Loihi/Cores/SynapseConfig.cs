namespace NeuroActors.Loihi.Cores;

/// <summary>
/// A synapse configuration: what one projection's synapses share on a core. Cores count the distinct ones against
/// <see cref="LoihiProfile.SynapseConfigsPerCore"/>.
/// </summary>
/// <param name="WeightExp">The projection's weight exponent (<c>a_in = acc &lt;&lt; weight_exp</c>).</param>
/// <param name="NumWeightBits">Bits of each weight mantissa (1–8, the sign included for mixed-sign weights).</param>
public readonly record struct SynapseConfig(int WeightExp, int NumWeightBits)
{
    /// <summary>What a projection has until the model gives it its own: exponent 0, full 8-bit mantissas.</summary>
    public static SynapseConfig Default => new(0, 8);
}
