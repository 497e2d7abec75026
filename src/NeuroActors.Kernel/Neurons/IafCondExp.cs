using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with exponentially decaying conductances, as NEST's iaf_cond_exp:
/// C_m dV/dt = −g_L(V − E_L) − g_ex(V − E_ex) − g_in(V − E_in) + I. Conductances decay exactly; V is integrated
/// with classical fourth-order Runge-Kutta using the exact conductance at each stage (NEST uses adaptive RKF45;
/// the two agree to far below a microvolt at dt = 0.1 ms). Input of w nS arriving at step t is added to the
/// conductance at the end of t. During the refractory period V is clamped to the reset.
/// </summary>
/// <remarks>
/// The update runs 8 (AVX-512) or 4 (AVX) neurons per instruction. Every lane performs the scalar loop's
/// floating-point operations in the scalar loop's order, without fused multiply-adds and with a true division by
/// C_m, so results are bitwise identical to the scalar loop on any hardware (and so across machines of a cluster).
/// </remarks>
public sealed class IafCondExp : NeuronGroup
{
    private static readonly string[] Names = { "v", "g_ex", "g_in" };
    private static readonly string[] ParameterNames = { "c_m", "g_l", "e_l", "e_ex", "e_in", "v_th", "v_reset", "t_ref", "tau_syn_ex", "tau_syn_in", "i_e" };
    private readonly double[] _v, _gEx, _gIn;
    private readonly int[] _refractory;
    private readonly double _h;
    private double _cM, _gL, _eL, _eEx, _eIn, _vTh, _vReset, _iE;
    // The model's parameters as given; the update reads the derived constants below them.
    private double _tRef, _tauSynEx, _tauSynIn;
    private double _decayExHalf, _decayInHalf;
    private int _refSteps;
    private bool _excitatoryAtZero; // E_ex is +0: V − E_ex is V itself, one subtraction per stage saved

    /// <summary>Creates the group; parameters in ms, pF, nS, mV, pA.</summary>
    public IafCondExp(int count, double dtMs, double cM, double gL, double eL, double eEx, double eIn, double vTh,
        double vReset, double tRef, double tauSynEx, double tauSynIn, double iE) : base(count, dtMs)
    {
        _v = new double[count]; _gEx = new double[count]; _gIn = new double[count];
        _refractory = new int[count];
        _cM = cM; _gL = gL; _eL = eL; _eEx = eEx; _eIn = eIn; _vTh = vTh; _vReset = vReset; _iE = iE; _h = dtMs;
        _tRef = tRef; _tauSynEx = tauSynEx; _tauSynIn = tauSynIn;
        Derive();
        Array.Fill(_v, eL);
    }

    private void Derive()
    {
        _decayExHalf = Math.Exp(-0.5 * _h / _tauSynEx);
        _decayInHalf = Math.Exp(-0.5 * _h / _tauSynIn);
        _refSteps = RefractorySteps(_tRef, _h);
        // +0 only: V − (−0) turns a V of −0 into +0.
        _excitatoryAtZero = BitConverter.DoubleToInt64Bits(_eEx) == 0;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Parameters => ParameterNames;

    /// <inheritdoc/>
    protected override double? ParameterValue(string name) => name switch
    {
        "c_m" => _cM, "g_l" => _gL, "e_l" => _eL, "e_ex" => _eEx, "e_in" => _eIn, "v_th" => _vTh, "v_reset" => _vReset,
        "t_ref" => _tRef, "tau_syn_ex" => _tauSynEx, "tau_syn_in" => _tauSynIn, "i_e" => _iE, _ => null,
    };

    /// <inheritdoc/>
    protected override bool TrySetParameter(string name, double value)
    {
        switch (name)
        {
            case "c_m": _cM = value; break;
            case "g_l": _gL = value; break;
            case "e_l": _eL = value; break;
            case "e_ex": _eEx = value; break;
            case "e_in": _eIn = value; break;
            case "v_th": _vTh = value; break;
            case "v_reset": _vReset = value; break;
            case "t_ref": _tRef = value; break;
            case "tau_syn_ex": _tauSynEx = value; break;
            case "tau_syn_in": _tauSynIn = value; break;
            case "i_e": _iE = value; break;
            default: return false;
        }
        Derive();
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _gEx, _ => _gIn };

    /// <inheritdoc/>
    public override int[]? Counters => _refractory;

    private double Derivative(double v, double gEx, double gIn, double i) =>
        (-_gL * (v - _eL) - gEx * (v - _eEx) - gIn * (v - _eIn) + i) / _cM;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override int Update(long step, Span<double> excitatory, Span<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked) => Update(excitatory, inhibitory, current, spiked, NeuronSimd.BestPath);

    /// <summary>The update through the given path (tests compare the paths; the product takes <see cref="NeuronSimd.BestPath"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path)
    {
        int count = Count;
        NeuronSimd.CheckInputs(count, excitatory, inhibitory, current);
        int n = 0, i = 0;
        if (path == SimdPath.Vector512 && Avx512F.IsSupported)
            i = _excitatoryAtZero
                ? Update512<ZeroReversal>(excitatory, inhibitory, current, spiked, ref n)
                : Update512<AnyReversal>(excitatory, inhibitory, current, spiked, ref n);
        else if (path >= SimdPath.Vector256 && Avx.IsSupported) i = Update256(excitatory, inhibitory, current, spiked, ref n);
        for (; i < count; i++)
        {
            n = UpdateOne(i, excitatory[i], inhibitory[i], current[i], spiked, n);
            excitatory[i] = 0;
            inhibitory[i] = 0;
        }
        return n;
    }

    private int UpdateOne(int i, double excitatory, double inhibitory, double current, Span<int> spiked, int n)
    {
        var v = _v;
        var r = _refractory;
        double h = _h;
        double ge0 = _gEx[i], gi0 = _gIn[i];
        double geMid = ge0 * _decayExHalf, giMid = gi0 * _decayInHalf;
        double ge1 = geMid * _decayExHalf, gi1 = giMid * _decayInHalf;
        if (r[i] == 0)
        {
            double iTotal = _iE + current;
            double y = v[i];
            double k1 = Derivative(y, ge0, gi0, iTotal);
            double k2 = Derivative(y + 0.5 * h * k1, geMid, giMid, iTotal);
            double k3 = Derivative(y + 0.5 * h * k2, geMid, giMid, iTotal);
            double k4 = Derivative(y + h * k3, ge1, gi1, iTotal);
            v[i] = y + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        _gEx[i] = ge1 + excitatory;
        _gIn[i] = gi1 + inhibitory;
        if (r[i] > 0)
        {
            r[i]--;
            v[i] = _vReset;
        }
        else if (v[i] >= _vTh)
        {
            r[i] = _refSteps;
            v[i] = _vReset;
            spiked[n++] = i;
        }
        return n;
    }

    // Both vector paths are compiled optimised from the first call: a run spends its first tenth of a second or more
    // in unoptimised code otherwise, longer than a whole COBA run takes.
    // The vector paths mirror UpdateOne lane by lane. Constants are folded only where that is exact: −g_L·x equals
    // (−g_L)·x, and 0.5·h·k and h/6·s are evaluated left to right in the scalar code, so 0.5·h and h/6 are the same
    // doubles. The refractory counter travels as a double (exact for any int) so that its masks line up with V's
    // lanes. RK4 runs on every lane; lanes with a nonzero counter keep their old V, as the scalar branch does.
    // Zeros are stored into the input right after it is read: the update consumes it (see NeuronGroup.Update).

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Update512<TExcitatory>(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, ref int n) where TExcitatory : struct, IReversal
    {
        int count = Count;
        ref double v = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double gEx = ref MemoryMarshal.GetArrayDataReference(_gEx);
        ref double gIn = ref MemoryMarshal.GetArrayDataReference(_gIn);
        ref int r = ref MemoryMarshal.GetArrayDataReference(_refractory);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var c = new Constants512(this);
        const int W = 8; // Vector512<double>.Count
        int i = 0;
        // Two vectors per iteration, their RK4 stages interleaved: each stage waits on a division, and the other
        // vector's stage fills that wait (about 15 % faster than one vector per iteration here).
        for (; i <= count - 2 * W; i += 2 * W)
        {
            nuint a = (nuint)i, b = (nuint)(i + W);
            var geA = Vector512.LoadUnsafe(ref gEx, a);
            var giA = Vector512.LoadUnsafe(ref gIn, a);
            var geB = Vector512.LoadUnsafe(ref gEx, b);
            var giB = Vector512.LoadUnsafe(ref gIn, b);
            var geMidA = geA * c.DecayEx;
            var giMidA = giA * c.DecayIn;
            var geMidB = geB * c.DecayEx;
            var giMidB = giB * c.DecayIn;
            var ge1A = geMidA * c.DecayEx;
            var gi1A = giMidA * c.DecayIn;
            var ge1B = geMidB * c.DecayEx;
            var gi1B = giMidB * c.DecayIn;
            var iA = c.IE + Vector512.LoadUnsafe(ref cur, a);
            var iB = c.IE + Vector512.LoadUnsafe(ref cur, b);
            var yA = Vector512.LoadUnsafe(ref v, a);
            var yB = Vector512.LoadUnsafe(ref v, b);
            var k1A = c.Derivative<TExcitatory>(yA, geA, giA, iA);
            var k1B = c.Derivative<TExcitatory>(yB, geB, giB, iB);
            var k2A = c.Derivative<TExcitatory>(yA + c.HalfH * k1A, geMidA, giMidA, iA);
            var k2B = c.Derivative<TExcitatory>(yB + c.HalfH * k1B, geMidB, giMidB, iB);
            var k3A = c.Derivative<TExcitatory>(yA + c.HalfH * k2A, geMidA, giMidA, iA);
            var k3B = c.Derivative<TExcitatory>(yB + c.HalfH * k2B, geMidB, giMidB, iB);
            var k4A = c.Derivative<TExcitatory>(yA + c.H * k3A, ge1A, gi1A, iA);
            var k4B = c.Derivative<TExcitatory>(yB + c.H * k3B, ge1B, gi1B, iB);
            var vA = yA + c.SixthH * (k1A + c.Two * k2A + c.Two * k3A + k4A);
            var vB = yB + c.SixthH * (k1B + c.Two * k2B + c.Two * k3B + k4B);
            (ge1A + Vector512.LoadUnsafe(ref ex, a)).StoreUnsafe(ref gEx, a);
            Vector512<double>.Zero.StoreUnsafe(ref ex, a);
            (gi1A + Vector512.LoadUnsafe(ref inh, a)).StoreUnsafe(ref gIn, a);
            Vector512<double>.Zero.StoreUnsafe(ref inh, a);
            (ge1B + Vector512.LoadUnsafe(ref ex, b)).StoreUnsafe(ref gEx, b);
            Vector512<double>.Zero.StoreUnsafe(ref ex, b);
            (gi1B + Vector512.LoadUnsafe(ref inh, b)).StoreUnsafe(ref gIn, b);
            Vector512<double>.Zero.StoreUnsafe(ref inh, b);
            ulong bits = c.Finish(ref v, ref r, a, yA, vA) | c.Finish(ref v, ref r, b, yB, vB) << W;
            n = NeuronSimd.AppendSpikes(bits, i, spiked, n);
        }
        for (; i <= count - W; i += W)
        {
            nuint a = (nuint)i;
            var ge0 = Vector512.LoadUnsafe(ref gEx, a);
            var gi0 = Vector512.LoadUnsafe(ref gIn, a);
            var geMid = ge0 * c.DecayEx;
            var giMid = gi0 * c.DecayIn;
            var ge1 = geMid * c.DecayEx;
            var gi1 = giMid * c.DecayIn;
            var iTotal = c.IE + Vector512.LoadUnsafe(ref cur, a);
            var y = Vector512.LoadUnsafe(ref v, a);
            var k1 = c.Derivative<TExcitatory>(y, ge0, gi0, iTotal);
            var k2 = c.Derivative<TExcitatory>(y + c.HalfH * k1, geMid, giMid, iTotal);
            var k3 = c.Derivative<TExcitatory>(y + c.HalfH * k2, geMid, giMid, iTotal);
            var k4 = c.Derivative<TExcitatory>(y + c.H * k3, ge1, gi1, iTotal);
            var vNew = y + c.SixthH * (k1 + c.Two * k2 + c.Two * k3 + k4);
            (ge1 + Vector512.LoadUnsafe(ref ex, a)).StoreUnsafe(ref gEx, a);
            Vector512<double>.Zero.StoreUnsafe(ref ex, a);
            (gi1 + Vector512.LoadUnsafe(ref inh, a)).StoreUnsafe(ref gIn, a);
            Vector512<double>.Zero.StoreUnsafe(ref inh, a);
            n = NeuronSimd.AppendSpikes(c.Finish(ref v, ref r, a, y, vNew), i, spiked, n);
        }
        return i;
    }

    /// <summary>V − E for a reversal potential E, specialised at compile time.</summary>
    /// <summary>The type arguments of the specialised AVX-512 update, for <see cref="NeuronSimd.CompileHotPaths"/>.</summary>
    internal static Type[] ReversalKinds => [typeof(AnyReversal), typeof(ZeroReversal)];

    private interface IReversal
    {
        static abstract Vector512<double> Distance(Vector512<double> v, Vector512<double> e);
    }

    /// <summary>Any E: the subtraction.</summary>
    private struct AnyReversal : IReversal
    {
        public static Vector512<double> Distance(Vector512<double> v, Vector512<double> e) => v - e;
    }

    /// <summary>E = +0: V − (+0) is V bit for bit for every V arithmetic produces (−0 and infinities included), so no subtraction.</summary>
    private struct ZeroReversal : IReversal
    {
        public static Vector512<double> Distance(Vector512<double> v, Vector512<double> e) => v;
    }

    /// <summary>The group's constants broadcast to eight lanes.</summary>
    private readonly struct Constants512
    {
        public readonly Vector512<double> NegGL, EL, EEx, EIn, CM, DecayEx, DecayIn, IE, HalfH, H, SixthH, Two, VTh, VReset, RefSteps;

        public Constants512(IafCondExp g)
        {
            NegGL = Vector512.Create(-g._gL);
            EL = Vector512.Create(g._eL);
            EEx = Vector512.Create(g._eEx);
            EIn = Vector512.Create(g._eIn);
            CM = Vector512.Create(g._cM);
            DecayEx = Vector512.Create(g._decayExHalf);
            DecayIn = Vector512.Create(g._decayInHalf);
            IE = Vector512.Create(g._iE);
            HalfH = Vector512.Create(0.5 * g._h);
            H = Vector512.Create(g._h);
            SixthH = Vector512.Create(g._h / 6.0);
            Two = Vector512.Create(2.0);
            VTh = Vector512.Create(g._vTh);
            VReset = Vector512.Create(g._vReset);
            RefSteps = Vector512.Create((double)g._refSteps);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<double> Derivative<TExcitatory>(Vector512<double> v, Vector512<double> gEx, Vector512<double> gIn, Vector512<double> i)
            where TExcitatory : struct, IReversal =>
            (NegGL * (v - EL) - gEx * TExcitatory.Distance(v, EEx) - gIn * (v - EIn) + i) / CM;

        /// <summary>Refractoriness and threshold for the eight neurons at <paramref name="k"/>; returns their spike bits.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Finish(ref double v, ref int r, nuint k, Vector512<double> y, Vector512<double> vNew)
        {
            var rr = Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref r, k));
            var refractory = Vector512.GreaterThan(rr, Vector512<double>.Zero);
            var vInt = Vector512.ConditionalSelect(Vector512.Equals(rr, Vector512<double>.Zero), vNew, y);
            var spike = Vector512.AndNot(Vector512.GreaterThanOrEqual(vInt, VTh), refractory);
            Vector512.ConditionalSelect(refractory | spike, VReset, vInt).StoreUnsafe(ref v, k);
            rr = Vector512.ConditionalSelect(refractory, rr - Vector512<double>.One, Vector512.ConditionalSelect(spike, RefSteps, rr));
            Avx512F.ConvertToVector256Int32WithTruncation(rr).StoreUnsafe(ref r, k);
            return spike.ExtractMostSignificantBits();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Update256(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, ref int n)
    {
        int count = Count;
        ref double v = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double gEx = ref MemoryMarshal.GetArrayDataReference(_gEx);
        ref double gIn = ref MemoryMarshal.GetArrayDataReference(_gIn);
        ref int r = ref MemoryMarshal.GetArrayDataReference(_refractory);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var negGL = Vector256.Create(-_gL);
        var eL = Vector256.Create(_eL);
        var eEx = Vector256.Create(_eEx);
        var eIn = Vector256.Create(_eIn);
        var cM = Vector256.Create(_cM);
        var decayEx = Vector256.Create(_decayExHalf);
        var decayIn = Vector256.Create(_decayInHalf);
        var iE = Vector256.Create(_iE);
        var halfH = Vector256.Create(0.5 * _h);
        var h = Vector256.Create(_h);
        var sixthH = Vector256.Create(_h / 6.0);
        var two = Vector256.Create(2.0);
        var vTh = Vector256.Create(_vTh);
        var vReset = Vector256.Create(_vReset);
        var refSteps = Vector256.Create((double)_refSteps);
        int i = 0;
        for (; i <= count - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            nuint k = (nuint)i;
            var rr = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref r, k));
            var ge0 = Vector256.LoadUnsafe(ref gEx, k);
            var gi0 = Vector256.LoadUnsafe(ref gIn, k);
            var geMid = ge0 * decayEx;
            var giMid = gi0 * decayIn;
            var ge1 = geMid * decayEx;
            var gi1 = giMid * decayIn;
            var iTotal = iE + Vector256.LoadUnsafe(ref cur, k);
            var y = Vector256.LoadUnsafe(ref v, k);
            var k1 = (negGL * (y - eL) - ge0 * (y - eEx) - gi0 * (y - eIn) + iTotal) / cM;
            var y2 = y + halfH * k1;
            var k2 = (negGL * (y2 - eL) - geMid * (y2 - eEx) - giMid * (y2 - eIn) + iTotal) / cM;
            var y3 = y + halfH * k2;
            var k3 = (negGL * (y3 - eL) - geMid * (y3 - eEx) - giMid * (y3 - eIn) + iTotal) / cM;
            var y4 = y + h * k3;
            var k4 = (negGL * (y4 - eL) - ge1 * (y4 - eEx) - gi1 * (y4 - eIn) + iTotal) / cM;
            var vNew = y + sixthH * (k1 + two * k2 + two * k3 + k4);
            (ge1 + Vector256.LoadUnsafe(ref ex, k)).StoreUnsafe(ref gEx, k);
            Vector256<double>.Zero.StoreUnsafe(ref ex, k);
            (gi1 + Vector256.LoadUnsafe(ref inh, k)).StoreUnsafe(ref gIn, k);
            Vector256<double>.Zero.StoreUnsafe(ref inh, k);
            var refractory = Vector256.GreaterThan(rr, Vector256<double>.Zero);
            var vInt = Vector256.ConditionalSelect(Vector256.Equals(rr, Vector256<double>.Zero), vNew, y);
            var spike = Vector256.AndNot(Vector256.GreaterThanOrEqual(vInt, vTh), refractory);
            Vector256.ConditionalSelect(refractory | spike, vReset, vInt).StoreUnsafe(ref v, k);
            rr = Vector256.ConditionalSelect(refractory, rr - Vector256<double>.One, Vector256.ConditionalSelect(spike, refSteps, rr));
            Avx.ConvertToVector128Int32WithTruncation(rr).StoreUnsafe(ref r, k);
            n = NeuronSimd.AppendSpikes(spike.ExtractMostSignificantBits(), i, spiked, n);
        }
        return i;
    }
}
