using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with exponentially decaying current synapses, as NEST's iaf_psc_exp, integrated
/// exactly on the grid (Rotter &amp; Diesmann 1999): the propagator matrix of (V, I_ex, I_in) is applied each step.
/// Synaptic input arriving at step t enters the currents at the end of t and moves V from t+1 on. During the
/// refractory period V is held at the reset but the synaptic currents keep integrating input.
/// </summary>
/// <remarks>
/// The update runs 8 (AVX-512) or 4 (AVX) neurons per instruction, each lane doing the scalar loop's operations in
/// its order (no fused multiply-adds), so results are bitwise those of the scalar loop on any hardware.
/// </remarks>
public sealed class IafPscExp : NeuronGroup
{
    private static readonly string[] Names = { "v", "i_syn_ex", "i_syn_in" };
    private static readonly string[] ParameterNames = { "tau_m", "c_m", "e_l", "v_th", "v_reset", "t_ref", "i_e", "tau_syn_ex", "tau_syn_in" };
    private readonly double[] _v, _iEx, _iIn;
    private readonly int[] _refractory;
    // The model's parameters as given; the update reads only the derived constants below them.
    private double _tauM, _cM, _tRef, _tauSynEx, _tauSynIn;
    private double _p22, _p20, _p11Ex, _p11In, _p21Ex, _p21In, _eL, _vTh, _vReset, _iE;
    private int _refSteps;

    /// <summary>Creates the group; parameters in ms, pF, mV, pA.</summary>
    public IafPscExp(int count, double dtMs, double tauM, double cM, double eL, double vTh, double vReset, double tRef,
        double iE, double tauSynEx, double tauSynIn) : base(count, dtMs)
    {
        _v = new double[count]; _iEx = new double[count]; _iIn = new double[count];
        _refractory = new int[count];
        _tauM = tauM; _cM = cM; _tRef = tRef; _tauSynEx = tauSynEx; _tauSynIn = tauSynIn;
        _eL = eL; _vTh = vTh; _vReset = vReset; _iE = iE;
        Derive();
        Array.Fill(_v, eL);
    }

    private void Derive()
    {
        double dtMs = DtMs;
        _p22 = Math.Exp(-dtMs / _tauM);
        _p20 = _tauM / _cM * -double.ExpM1(-dtMs / _tauM);
        _p11Ex = Math.Exp(-dtMs / _tauSynEx);
        _p11In = Math.Exp(-dtMs / _tauSynIn);
        _p21Ex = CurrentToVoltage(_tauSynEx, _tauM, _cM, dtMs);
        _p21In = CurrentToVoltage(_tauSynIn, _tauM, _cM, dtMs);
        _refSteps = RefractorySteps(_tRef, dtMs);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Parameters => ParameterNames;

    /// <inheritdoc/>
    protected override double? ParameterValue(string name) => name switch
    {
        "tau_m" => _tauM, "c_m" => _cM, "e_l" => _eL, "v_th" => _vTh, "v_reset" => _vReset, "t_ref" => _tRef,
        "i_e" => _iE, "tau_syn_ex" => _tauSynEx, "tau_syn_in" => _tauSynIn, _ => null,
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
            case "tau_syn_ex": _tauSynEx = value; break;
            case "tau_syn_in": _tauSynIn = value; break;
            default: return false;
        }
        Derive();
        return true;
    }

    /// <summary>
    /// Voltage reached after one step by a unit current decaying with τ_syn into a membrane with τ_m and C_m:
    /// τ_s τ_m / (C_m (τ_m − τ_s)) · (e^(−h/τ_m) − e^(−h/τ_s)), and h/C_m · e^(−h/τ) in the degenerate case τ_s = τ_m.
    /// </summary>
    public static double CurrentToVoltage(double tauSyn, double tauM, double cM, double h)
    {
        if (Math.Abs(tauM - tauSyn) < 1e-12 * tauM) return h / cM * Math.Exp(-h / tauM);
        return tauSyn * tauM / (cM * (tauM - tauSyn)) * (Math.Exp(-h / tauM) - Math.Exp(-h / tauSyn));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _iEx, _ => _iIn };

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
        var iEx = _iEx;
        var iIn = _iIn;
        var r = _refractory;
        for (; i < count; i++)
        {
            if (r[i] == 0)
                v[i] = _eL + _p22 * (v[i] - _eL) + _p21Ex * iEx[i] + _p21In * iIn[i] + _p20 * (_iE + current[i]);
            else
                r[i]--;
            iEx[i] = _p11Ex * iEx[i] + excitatory[i];
            iIn[i] = _p11In * iIn[i] + inhibitory[i];
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

    // Lane by lane the scalar loop: V moves only where the counter is zero, any other counter steps down by one
    // (the scalar else branch), and the threshold applies to every lane. The counter travels as a double (exact for
    // any int) so that its masks line up with V's lanes; only int.MinValue, which no run makes, would saturate
    // where the scalar decrement wraps. Zeros are stored into the input right after it is read: the update consumes
    // it (see NeuronGroup.Update).

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Update512(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, ref int n)
    {
        int count = Count;
        ref double v = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double iEx = ref MemoryMarshal.GetArrayDataReference(_iEx);
        ref double iIn = ref MemoryMarshal.GetArrayDataReference(_iIn);
        ref int r = ref MemoryMarshal.GetArrayDataReference(_refractory);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var eL = Vector512.Create(_eL);
        var p22 = Vector512.Create(_p22);
        var p21Ex = Vector512.Create(_p21Ex);
        var p21In = Vector512.Create(_p21In);
        var p20 = Vector512.Create(_p20);
        var iE = Vector512.Create(_iE);
        var p11Ex = Vector512.Create(_p11Ex);
        var p11In = Vector512.Create(_p11In);
        var vTh = Vector512.Create(_vTh);
        var vReset = Vector512.Create(_vReset);
        var refSteps = Vector512.Create((double)_refSteps);
        int i = 0;
        for (; i <= count - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            nuint k = (nuint)i;
            var rr = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref r, k));
            var y = Vector512.LoadUnsafe(ref v, k);
            var ie = Vector512.LoadUnsafe(ref iEx, k);
            var ii = Vector512.LoadUnsafe(ref iIn, k);
            var vNew = eL + p22 * (y - eL) + p21Ex * ie + p21In * ii + p20 * (iE + Vector512.LoadUnsafe(ref cur, k));
            var free = Vector512.Equals(rr, Vector512<double>.Zero);
            var vInt = Vector512.ConditionalSelect(free, vNew, y);
            rr = Vector512.ConditionalSelect(free, rr, rr - Vector512<double>.One);
            (p11Ex * ie + Vector512.LoadUnsafe(ref ex, k)).StoreUnsafe(ref iEx, k);
            Vector512<double>.Zero.StoreUnsafe(ref ex, k);
            (p11In * ii + Vector512.LoadUnsafe(ref inh, k)).StoreUnsafe(ref iIn, k);
            Vector512<double>.Zero.StoreUnsafe(ref inh, k);
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
        ref double iEx = ref MemoryMarshal.GetArrayDataReference(_iEx);
        ref double iIn = ref MemoryMarshal.GetArrayDataReference(_iIn);
        ref int r = ref MemoryMarshal.GetArrayDataReference(_refractory);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var eL = Vector256.Create(_eL);
        var p22 = Vector256.Create(_p22);
        var p21Ex = Vector256.Create(_p21Ex);
        var p21In = Vector256.Create(_p21In);
        var p20 = Vector256.Create(_p20);
        var iE = Vector256.Create(_iE);
        var p11Ex = Vector256.Create(_p11Ex);
        var p11In = Vector256.Create(_p11In);
        var vTh = Vector256.Create(_vTh);
        var vReset = Vector256.Create(_vReset);
        var refSteps = Vector256.Create((double)_refSteps);
        int i = 0;
        for (; i <= count - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            nuint k = (nuint)i;
            var rr = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref r, k));
            var y = Vector256.LoadUnsafe(ref v, k);
            var ie = Vector256.LoadUnsafe(ref iEx, k);
            var ii = Vector256.LoadUnsafe(ref iIn, k);
            var vNew = eL + p22 * (y - eL) + p21Ex * ie + p21In * ii + p20 * (iE + Vector256.LoadUnsafe(ref cur, k));
            var free = Vector256.Equals(rr, Vector256<double>.Zero);
            var vInt = Vector256.ConditionalSelect(free, vNew, y);
            rr = Vector256.ConditionalSelect(free, rr, rr - Vector256<double>.One);
            (p11Ex * ie + Vector256.LoadUnsafe(ref ex, k)).StoreUnsafe(ref iEx, k);
            Vector256<double>.Zero.StoreUnsafe(ref ex, k);
            (p11In * ii + Vector256.LoadUnsafe(ref inh, k)).StoreUnsafe(ref iIn, k);
            Vector256<double>.Zero.StoreUnsafe(ref inh, k);
            var spike = Vector256.GreaterThanOrEqual(vInt, vTh);
            Vector256.ConditionalSelect(spike, vReset, vInt).StoreUnsafe(ref v, k);
            Avx.ConvertToVector128Int32WithTruncation(Vector256.ConditionalSelect(spike, refSteps, rr)).StoreUnsafe(ref r, k);
            n = NeuronSimd.AppendSpikes(spike.ExtractMostSignificantBits(), i, spiked, n);
        }
        return i;
    }
}
