using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with delta synapses, as NEST's iaf_psc_delta: the subthreshold dynamics
/// dV/dt = −(V − E_L)/τ_m + I/C_m are integrated exactly; a synaptic event of weight w (mV) makes V jump by w;
/// events arriving during the refractory period are discarded and V is held at the reset.
/// </summary>
/// <remarks>
/// The update runs 8 (AVX-512) or 4 (AVX) neurons per instruction, each lane doing the scalar loop's operations in
/// its order (no fused multiply-adds), so results are bitwise those of the scalar loop on any hardware.
/// </remarks>
public sealed class IafPscDelta : NeuronGroup
{
    private static readonly string[] Names = { "v" };
    private static readonly string[] ParameterNames = { "tau_m", "c_m", "e_l", "v_th", "v_reset", "t_ref", "i_e" };
    private readonly double[] _v;
    private readonly int[] _refractory;
    // The model's parameters as given; the update reads only the derived constants below them.
    private double _tauM, _cM, _tRef;
    private double _p33, _p30, _eL, _vTh, _vReset, _iE;
    private int _refSteps;

    /// <summary>Creates the group; parameters in ms, pF, mV, pA as in docs/neuron-models.md.</summary>
    public IafPscDelta(int count, double dtMs, double tauM, double cM, double eL, double vTh, double vReset, double tRef, double iE)
        : base(count, dtMs)
    {
        _v = new double[count];
        _refractory = new int[count];
        _tauM = tauM; _cM = cM; _tRef = tRef;
        _eL = eL; _vTh = vTh; _vReset = vReset; _iE = iE;
        Derive();
        Array.Fill(_v, eL);
    }

    private void Derive()
    {
        _p33 = Math.Exp(-DtMs / _tauM);
        _p30 = _tauM / _cM * -double.ExpM1(-DtMs / _tauM);
        _refSteps = RefractorySteps(_tRef, DtMs);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Parameters => ParameterNames;

    /// <inheritdoc/>
    protected override double? ParameterValue(string name) => name switch
    {
        "tau_m" => _tauM, "c_m" => _cM, "e_l" => _eL, "v_th" => _vTh, "v_reset" => _vReset, "t_ref" => _tRef, "i_e" => _iE, _ => null,
    };

    /// <inheritdoc/>
    protected override bool TrySetParameter(string name, double value)
    {
        switch (name)
        {
            case "tau_m": _tauM = value; break;
            case "c_m": _cM = value; break;
            case "e_l": _eL = value; break;
            case "v_th": _vTh = value; break;
            case "v_reset": _vReset = value; break;
            case "t_ref": _tRef = value; break;
            case "i_e": _iE = value; break;
            default: return false;
        }
        Derive();
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => _v;

    /// <inheritdoc/>
    public override int[]? Counters => _refractory;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Update(long step, Span<double> excitatory, Span<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked) => Update(excitatory, inhibitory, current, spiked, NeuronSimd.BestPath);

    /// <summary>The update through the given path (tests compare the paths; the product takes the best).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path)
    {
        int count = Count;
        NeuronSimd.CheckInputs(count, excitatory, inhibitory, current);
        int n = 0, i = 0;
        if (path == SimdPath.Vector512 && Avx512F.IsSupported) i = Update512(excitatory, inhibitory, current, spiked, ref n);
        else if (path >= SimdPath.Vector256 && Avx.IsSupported) i = Update256(excitatory, inhibitory, current, spiked, ref n);
        var v = _v;
        var r = _refractory;
        for (; i < count; i++)
        {
            if (r[i] == 0)
                v[i] = _eL + _p33 * (v[i] - _eL) + _p30 * (_iE + current[i]) + (excitatory[i] + inhibitory[i]);
            else
                r[i]--;
            // Input arriving during the refractory period is discarded, but its slot still has to be emptied.
            excitatory[i] = 0;
            inhibitory[i] = 0;
            if (v[i] >= _vTh)
            {
                r[i] = _refSteps;
                v[i] = _vReset;
                spiked[n++] = i;
            }
        }
        return n;
    }

    // Lane by lane the scalar loop, as in IafPscExp: V moves only where the counter is zero, any other counter steps
    // down by one, the threshold applies to every lane; the counter travels as a double (only int.MinValue, which no
    // run makes, would saturate where the scalar decrement wraps). Zeros are stored into the input right after it is
    // read, on refractory lanes too: the update consumes it (see NeuronGroup.Update).

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Update512(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, ref int n)
    {
        int count = Count;
        ref double v = ref MemoryMarshal.GetArrayDataReference(_v);
        ref int r = ref MemoryMarshal.GetArrayDataReference(_refractory);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var eL = Vector512.Create(_eL);
        var p33 = Vector512.Create(_p33);
        var p30 = Vector512.Create(_p30);
        var iE = Vector512.Create(_iE);
        var vTh = Vector512.Create(_vTh);
        var vReset = Vector512.Create(_vReset);
        var refSteps = Vector512.Create((double)_refSteps);
        int i = 0;
        for (; i <= count - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            nuint k = (nuint)i;
            var rr = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref r, k));
            var y = Vector512.LoadUnsafe(ref v, k);
            var vNew = eL + p33 * (y - eL) + p30 * (iE + Vector512.LoadUnsafe(ref cur, k))
                + (Vector512.LoadUnsafe(ref ex, k) + Vector512.LoadUnsafe(ref inh, k));
            Vector512<double>.Zero.StoreUnsafe(ref ex, k);
            Vector512<double>.Zero.StoreUnsafe(ref inh, k);
            var free = Vector512.Equals(rr, Vector512<double>.Zero);
            var vInt = Vector512.ConditionalSelect(free, vNew, y);
            rr = Vector512.ConditionalSelect(free, rr, rr - Vector512<double>.One);
            var spike = Vector512.GreaterThanOrEqual(vInt, vTh);
            Vector512.ConditionalSelect(spike, vReset, vInt).StoreUnsafe(ref v, k);
            Avx512F.ConvertToVector256Int32WithTruncation(Vector512.ConditionalSelect(spike, refSteps, rr)).StoreUnsafe(ref r, k);
            n = NeuronSimd.AppendSpikes(spike.ExtractMostSignificantBits(), i, spiked, n);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Update256(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, ref int n)
    {
        int count = Count;
        ref double v = ref MemoryMarshal.GetArrayDataReference(_v);
        ref int r = ref MemoryMarshal.GetArrayDataReference(_refractory);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var eL = Vector256.Create(_eL);
        var p33 = Vector256.Create(_p33);
        var p30 = Vector256.Create(_p30);
        var iE = Vector256.Create(_iE);
        var vTh = Vector256.Create(_vTh);
        var vReset = Vector256.Create(_vReset);
        var refSteps = Vector256.Create((double)_refSteps);
        int i = 0;
        for (; i <= count - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            nuint k = (nuint)i;
            var rr = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref r, k));
            var y = Vector256.LoadUnsafe(ref v, k);
            var vNew = eL + p33 * (y - eL) + p30 * (iE + Vector256.LoadUnsafe(ref cur, k))
                + (Vector256.LoadUnsafe(ref ex, k) + Vector256.LoadUnsafe(ref inh, k));
            Vector256<double>.Zero.StoreUnsafe(ref ex, k);
            Vector256<double>.Zero.StoreUnsafe(ref inh, k);
            var free = Vector256.Equals(rr, Vector256<double>.Zero);
            var vInt = Vector256.ConditionalSelect(free, vNew, y);
            rr = Vector256.ConditionalSelect(free, rr, rr - Vector256<double>.One);
            var spike = Vector256.GreaterThanOrEqual(vInt, vTh);
            Vector256.ConditionalSelect(spike, vReset, vInt).StoreUnsafe(ref v, k);
            Avx.ConvertToVector128Int32WithTruncation(Vector256.ConditionalSelect(spike, refSteps, rr)).StoreUnsafe(ref r, k);
            n = NeuronSimd.AppendSpikes(spike.ExtractMostSignificantBits(), i, spiked, n);
        }
        return i;
    }
}
