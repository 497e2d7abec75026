using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Loihi.Quantisation;

/// <summary>
/// A float iaf_psc_exp population quantised onto Loihi's compartment: the integer parameters one compartment
/// configuration holds, the scales between the float model's units and Loihi's, and the float quantities they
/// approximate (for the report). Derivation: docs/loihi.md, "Quantising a float model".
/// </summary>
/// <param name="Name">The population.</param>
/// <param name="Index">Its index in the model.</param>
/// <param name="Size">Its number of neurons.</param>
/// <param name="DtMs">The step.</param>
/// <param name="Du">Current decay: u keeps (4096 − (du + 1))/4096 ≈ e^(−dt/τ_syn).</param>
/// <param name="Dv">Voltage decay: v keeps (4096 − dv)/4096 ≈ e^(−dt/τ_m).</param>
/// <param name="Vth">Threshold mantissa: vth &lt;&lt; 6 is exactly V_th − V_reset in units of v.</param>
/// <param name="BiasMant">Bias mantissa (I_e and E_L − V_reset, folded in).</param>
/// <param name="BiasExp">Bias exponent.</param>
/// <param name="Refractory">Refractory period in steps, round(t_ref/dt), as the float kernel counts it.</param>
/// <param name="MvPerUnit">Millivolts per unit of v (and of u).</param>
/// <param name="OriginMv">The voltage that v = 0 stands for: V_reset, where both the float neuron and Loihi's reset.</param>
/// <param name="UnitsPerPa">
/// Units of u per pA of synaptic current: u = UnitsPerPa · I (and the input of a weight w pA is w · UnitsPerPa);
/// includes the correction that keeps the mean drive exact under the quantised decays.
/// </param>
/// <param name="CurrentFactor">The exact current decay per step, e^(−dt/τ_syn).</param>
/// <param name="VoltageFactor">The exact voltage decay per step, e^(−dt/τ_m).</param>
/// <param name="BiasUnits">The bias in units of v per step before its mantissa and exponent were chosen.</param>
/// <param name="TauSynMs">The float synaptic time constant (τ_syn,ex = τ_syn,in).</param>
/// <param name="TauMMs">The float membrane time constant.</param>
public sealed record QuantisedPopulation(
    string Name,
    int Index,
    int Size,
    double DtMs,
    int Du,
    int Dv,
    int Vth,
    int BiasMant,
    int BiasExp,
    int Refractory,
    double MvPerUnit,
    double OriginMv,
    double UnitsPerPa,
    double CurrentFactor,
    double VoltageFactor,
    double BiasUnits,
    double TauSynMs,
    double TauMMs)
{
    /// <summary>
    /// Steps by which the population's synaptic input must arrive later on Loihi than in the float kernel: the float
    /// neuron feels a step's input in its voltage from the next step on, Loihi's in the same step (its v adds the new
    /// u). A synapse of d steps in the model therefore delivers into <c>a_in</c> d + 1 steps after the spike.
    /// </summary>
    public const int InputLagSteps = 1;

    /// <summary>
    /// The float model quantised: iaf_psc_exp, or the training engine's snn_leaky or leaky_readout (docs/loihi.md,
    /// "Quantising a trained network"), for which "mV" and "pA" in the names of the scales stand for the model's own unit.
    /// </summary>
    public NeuronModel Model { get; init; } = NeuronModel.IafPscExp;

    /// <summary>
    /// Steps by which this population's input arrives later on Loihi than in the float kernel: <see cref="InputLagSteps"/>
    /// for iaf_psc_exp; 0 for snn_leaky and leaky_readout, which feel a step's input in that step's potential, as Loihi does.
    /// </summary>
    public int InputLag { get; init; } = InputLagSteps;

    /// <summary>Per-neuron bias mantissas (a trained bias per neuron), or null when every neuron has <see cref="BiasMant"/>.</summary>
    public IReadOnlyList<int>? BiasMantissas { get; init; }

    /// <summary>Per-neuron bias exponents beside <see cref="BiasMantissas"/>, or null.</summary>
    public IReadOnlyList<int>? BiasExponents { get; init; }

    /// <summary>
    /// Steps from the start of a run during which v is held at 0 (the model's <c>start</c>: a layer of an exported network
    /// waits for its first input, so that its bias does not act before), as the initial refractory countdown.
    /// </summary>
    public int Hold { get; init; }

    /// <summary>The threshold in units of v: vth &lt;&lt; 6.</summary>
    public long ThresholdUnits => (long)Vth << 6;

    /// <summary>The bias Loihi adds per step: bias_mant &lt;&lt; bias_exp.</summary>
    public long Bias => (long)BiasMant << BiasExp;

    /// <summary>The voltage (mV) that <paramref name="v"/> stands for.</summary>
    public double VoltageMv(double v) => OriginMv + v * MvPerUnit;

    /// <summary>
    /// The initial (u, v) of neuron <paramref name="neuron"/> (an index within the population) whose global id is
    /// <paramref name="gid"/>: the float initial state the kernel would give it (<see cref="InitialState"/>), quantised.
    /// v is (V − V_reset)/MvPerUnit rounded and saturated; u is the initial synaptic current carried back one step (the
    /// float neuron's first step reads I(0), Loihi's first v reads u after one decay).
    /// </summary>
    public (int U, int V) Initial(NetworkSpec spec, int neuron, int gid)
    {
        var names = spec.Populations[Index].Model.StateVariables;
        double vMv = InitialState.Value(spec, Index, IndexOf(names, "v"), neuron, gid);
        double factor = DecayConstants.CurrentFactor(Du);
        long v = Math.Clamp(Mantissas.Round((vMv - OriginMv) / MvPerUnit), -VMax, VMax);
        // With du = 4095 u is cleared every step and cannot carry an initial current.
        if (factor == 0) return (0, (int)v);
        double current = InitialState.Value(spec, Index, IndexOf(names, "i_syn_ex"), neuron, gid)
            + InitialState.Value(spec, Index, IndexOf(names, "i_syn_in"), neuron, gid);
        long u = Math.Clamp(Mantissas.Round(current * UnitsPerPa / factor), -UMax + 1, UMax);
        return ((int)u, (int)v);
    }

    /// <summary>|v| saturates at 2^23 − 1.</summary>
    internal const long VMax = (1L << 23) - 1;

    /// <summary>u wraps into (−2^23, 2^23].</summary>
    internal const long UMax = 1L << 23;

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        throw new InvalidOperationException($"the model has no state variable {name}");
    }
}
