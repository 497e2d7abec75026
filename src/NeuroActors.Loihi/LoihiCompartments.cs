using NeuroActors.Kernel.Neurons;

namespace NeuroActors.Loihi;

/// <summary>
/// A group of Loihi CUBA LIF compartments as struct of arrays: integer state u, v (and a refractory countdown) and
/// per-neuron parameters du, dv, vth, bias_mant, bias_exp, refractory. One <see cref="Step(long, Span{int}, Span{int})"/> is one step of Lava's
/// bit-accurate model (PyLifModelBitAcc), integer for integer; docs/loihi.md gives the equations.
/// </summary>
/// <remarks>
/// The update runs 16, 8 or 1 compartments per instruction (<see cref="CompartmentLanes"/>) with bitwise the same
/// result as the scalar reference loop (<see cref="CompartmentReference"/>). The derived constants it reads (the
/// decay factors 4096 − (du + 1) and 4096 − dv, bias_mant &lt;&lt; bias_exp, vth &lt;&lt; 6) are kept beside the
/// parameters and recomputed when one is set.
/// </remarks>
public sealed class LoihiCompartments
{
    private readonly int[] _du, _dv, _vth, _biasMant, _biasExp, _refractory;

    /// <summary>Creates <paramref name="count"/> compartments at u = v = 0 with Lava's defaults (du = dv = 0, vth = 10, no bias, no refractory period).</summary>
    /// <param name="count">Number of compartments.</param>
    /// <param name="reset">Lava's LIFReset, or null (the default) for none.</param>
    public LoihiCompartments(int count, LoihiReset? reset = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        Reset = reset;
        U = new int[count]; V = new int[count]; RefractoryCounter = new int[count];
        _du = new int[count]; _dv = new int[count]; _vth = new int[count];
        _biasMant = new int[count]; _biasExp = new int[count]; _refractory = new int[count];
        DecayU = new int[count]; DecayV = new int[count]; Bias = new int[count]; ScaledThreshold = new int[count];
        Array.Fill(_vth, 10);
        for (int i = 0; i < count; i++) Derive(i);
    }

    /// <summary>Number of compartments.</summary>
    public int Count { get; }

    /// <summary>Lava's LIFReset, or null.</summary>
    public LoihiReset? Reset { get; }

    /// <summary>Synaptic current u (24-bit, wrapped once per step); written by the caller to set the initial state.</summary>
    public int[] U { get; }

    /// <summary>Membrane voltage v (24-bit, saturated); after a step, the value after the spike reset.</summary>
    public int[] V { get; }

    /// <summary>Steps each compartment still holds v at 0 (0 when not refractory).</summary>
    public int[] RefractoryCounter { get; }

    /// <summary>4096 − (du + 1) per compartment: the current decay factor.</summary>
    internal int[] DecayU { get; }

    /// <summary>4096 − dv per compartment: the voltage decay factor.</summary>
    internal int[] DecayV { get; }

    /// <summary>bias_mant &lt;&lt; bias_exp per compartment.</summary>
    internal int[] Bias { get; }

    /// <summary>vth &lt;&lt; 6 per compartment.</summary>
    internal int[] ScaledThreshold { get; }

    /// <summary>The refractory period per compartment, in steps after the spike step.</summary>
    internal int[] Refractory => _refractory;

    /// <summary>
    /// Sets parameter <paramref name="name"/> (one of <see cref="LoihiFixedPoint.ParameterNames"/>) to one value for every
    /// compartment or to one value per compartment.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown name, a list whose length is neither 1 nor <see cref="Count"/>, or a value outside the parameter's bit width (all checked before anything changes).</exception>
    public void SetParameter(string name, ReadOnlySpan<int> values)
    {
        var target = ParameterArray(name);
        if (values.Length != 1 && values.Length != Count)
            throw new ArgumentException($"{name}: got {values.Length} values; give 1 or one per neuron ({Count})", nameof(values));
        for (int i = 0; i < values.Length; i++) LoihiFixedPoint.Check(name, i, values[i]);
        for (int i = 0; i < Count; i++)
        {
            target[i] = values[values.Length == 1 ? 0 : i];
            Derive(i);
        }
    }

    /// <summary>The value of parameter <paramref name="name"/> for compartment <paramref name="neuron"/>.</summary>
    public int Parameter(string name, int neuron) => ParameterArray(name)[neuron];

    private int[] ParameterArray(string name) => name switch
    {
        "du" => _du, "dv" => _dv, "vth" => _vth, "bias_mant" => _biasMant, "bias_exp" => _biasExp,
        "refractory" => _refractory,
        _ => throw new ArgumentException($"parameter: got '{name}'; the compartment's parameters are {string.Join(", ", LoihiFixedPoint.ParameterNames)}", nameof(name)),
    };

    private void Derive(int i)
    {
        DecayU[i] = (1 << LoihiFixedPoint.DecayShift) - (_du[i] + 1);
        DecayV[i] = (1 << LoihiFixedPoint.DecayShift) - _dv[i];
        Bias[i] = _biasMant[i] << _biasExp[i];
        ScaledThreshold[i] = _vth[i] << LoihiFixedPoint.ThresholdShift;
    }

    /// <summary>
    /// Computes step <paramref name="step"/> (0 is the first; the reset option reads it) with input
    /// <paramref name="aIn"/>, one value per compartment, which it consumes (sets to 0). Writes the indices of the
    /// compartments that spiked to <paramref name="spiked"/>, ascending, and returns how many.
    /// </summary>
    public int Step(long step, Span<int> aIn, Span<int> spiked) => Step(step, aIn, spiked, CompartmentLanes.BestPath);

    /// <summary>The step through the given width (tests compare the widths; the product takes the best).</summary>
    internal int Step(long step, Span<int> aIn, Span<int> spiked, SimdPath path)
    {
        if (aIn.Length < Count || spiked.Length < Count)
            throw new ArgumentException($"input and spike spans must hold {Count} values");
        if (Reset is { } reset && reset.At(step))
        {
            Array.Clear(U);
            Array.Clear(V);
        }
        return CompartmentLanes.Update(this, aIn, spiked, path);
    }
}
