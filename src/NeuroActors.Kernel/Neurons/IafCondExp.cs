using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Kernel.Simd;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with exponentially decaying conductances, as NEST's iaf_cond_exp:
/// C_m dV/dt = −g_L(V − E_L) − g_ex(V − E_ex) − g_in(V − E_in) + I. Conductances decay exactly; V is integrated
/// with classical fourth-order Runge-Kutta using the exact conductance at each stage (NEST uses adaptive RKF45;
/// the two agree to far below a microvolt at dt = 0.1 ms). Input of w nS arriving at step t is added to the
/// conductance at the end of t. During the refractory period V is clamped to the reset.
/// </summary>
public sealed class IafCondExp : VectorNeuronGroup, INeuronModelGroup
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

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.IafCondExp;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) =>
        new IafCondExp(slice.Count, slice.DtMs, slice.Param("c_m"), slice.Param("g_l"), slice.Param("e_l"), slice.Param("e_ex"),
            slice.Param("e_in"), slice.Param("v_th"), slice.Param("v_reset"), slice.Param("t_ref"), slice.Param("tau_syn_ex"),
            slice.Param("tau_syn_in"), slice.Param("i_e"));

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
        bool atZero = _excitatoryAtZero;
        Derive();
        if (_excitatoryAtZero != atZero) CompileUpdate(); // the other specialisation runs from now on
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _gEx, _ => _gIn };

    /// <inheritdoc/>
    public override int[]? Counters => _refractory;

    /// <inheritdoc/>
    internal override int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path) => _excitatoryAtZero
        ? NeuronSimd.Update(new Lanes<ZeroReversal>(this), Count, excitatory, inhibitory, current, spiked, path)
        : NeuronSimd.Update(new Lanes<AnyReversal>(this), Count, excitatory, inhibitory, current, spiked, path);

    /// <inheritdoc/>
    private protected override Type LaneUpdate => _excitatoryAtZero ? typeof(Lanes<ZeroReversal>) : typeof(Lanes<AnyReversal>);

    /// <summary>V − E for a reversal potential E, specialised at compile time.</summary>
    private interface IReversal
    {
        static abstract L Distance<L>(L v, L e) where L : ISubtractionOperators<L, L, L>;
    }

    /// <summary>Any E: the subtraction.</summary>
    private struct AnyReversal : IReversal
    {
        public static L Distance<L>(L v, L e) where L : ISubtractionOperators<L, L, L> => v - e;
    }

    /// <summary>E = +0: V − (+0) is V bit for bit for every V arithmetic produces (−0 and infinities included), so no subtraction.</summary>
    private struct ZeroReversal : IReversal
    {
        public static L Distance<L>(L v, L e) where L : ISubtractionOperators<L, L, L> => v;
    }

    /// <summary>The update, written once for every width.</summary>
    /// <remarks>
    /// NEST's order of operations lane by lane. Constants are folded only where that is exact: −g_L·x equals (−g_L)·x,
    /// and 0.5·h·k and h/6·s are evaluated left to right, so 0.5·h and h/6 are the same doubles. RK4 runs on every
    /// lane; lanes with a nonzero counter keep their old V, as if they had skipped it. Two vectors go through each
    /// iteration with their RK4 stages interleaved: each stage waits on a division, and the other vector's stage fills
    /// that wait (about 10 % faster than one vector per iteration with AVX-512). The vector those pairs may leave goes
    /// through a method of its own: in one method, the JIT's inlining budget would run out before all the lanes'
    /// operations were inlined.
    /// </remarks>
    private readonly struct Lanes<TExcitatory>(IafCondExp g) : ILaneUpdate where TExcitatory : struct, IReversal
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        (int Next, int Spikes) ILaneUpdate.Advance<L>(int i, int n, ref double ex, ref double inh, ref double cur,
            Span<int> spiked)
        {
            int count = g.Count;
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref double gEx = ref MemoryMarshal.GetArrayDataReference(g._gEx);
            ref double gIn = ref MemoryMarshal.GetArrayDataReference(g._gIn);
            ref int r = ref MemoryMarshal.GetArrayDataReference(g._refractory);
            var c = new Constants<L>(g);
            int w = L.Count;
            for (; i <= count - 2 * w; i += 2 * w)
            {
                nuint a = (nuint)i, b = (nuint)(i + w);
                var (geA, geMidA, ge1A) = c.Decay(ref gEx, a, c.DecayEx);
                var (giA, giMidA, gi1A) = c.Decay(ref gIn, a, c.DecayIn);
                var (geB, geMidB, ge1B) = c.Decay(ref gEx, b, c.DecayEx);
                var (giB, giMidB, gi1B) = c.Decay(ref gIn, b, c.DecayIn);
                var iA = c.IE + L.Load(ref cur, a);
                var iB = c.IE + L.Load(ref cur, b);
                var yA = L.Load(ref v, a);
                var yB = L.Load(ref v, b);
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
                c.Absorb(ge1A, ref gEx, ref ex, a);
                c.Absorb(gi1A, ref gIn, ref inh, a);
                c.Absorb(ge1B, ref gEx, ref ex, b);
                c.Absorb(gi1B, ref gIn, ref inh, b);
                ulong bits = c.Finish(ref v, ref r, a, yA, vA) | c.Finish(ref v, ref r, b, yB, vB) << w;
                n = NeuronSimd.AppendSpikes(bits, i, spiked, n);
            }
            return i <= count - w ? One<L>(i, n, ref ex, ref inh, ref cur, spiked) : (i, n);
        }

        /// <summary>The one vector the pairs leave when an odd number of them fit.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
        private (int Next, int Spikes) One<L>(int i, int n, ref double ex, ref double inh, ref double cur, Span<int> spiked)
            where L : struct, IDoubleLanes<L>
        {
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref double gEx = ref MemoryMarshal.GetArrayDataReference(g._gEx);
            ref double gIn = ref MemoryMarshal.GetArrayDataReference(g._gIn);
            ref int r = ref MemoryMarshal.GetArrayDataReference(g._refractory);
            var c = new Constants<L>(g);
            nuint k = (nuint)i;
            var (ge0, geMid, ge1) = c.Decay(ref gEx, k, c.DecayEx);
            var (gi0, giMid, gi1) = c.Decay(ref gIn, k, c.DecayIn);
            var iTotal = c.IE + L.Load(ref cur, k);
            var y = L.Load(ref v, k);
            var k1 = c.Derivative<TExcitatory>(y, ge0, gi0, iTotal);
            var k2 = c.Derivative<TExcitatory>(y + c.HalfH * k1, geMid, giMid, iTotal);
            var k3 = c.Derivative<TExcitatory>(y + c.HalfH * k2, geMid, giMid, iTotal);
            var k4 = c.Derivative<TExcitatory>(y + c.H * k3, ge1, gi1, iTotal);
            var vNew = y + c.SixthH * (k1 + c.Two * k2 + c.Two * k3 + k4);
            c.Absorb(ge1, ref gEx, ref ex, k);
            c.Absorb(gi1, ref gIn, ref inh, k);
            return (i + L.Count, NeuronSimd.AppendSpikes(c.Finish(ref v, ref r, k, y, vNew), i, spiked, n));
        }
    }

    /// <summary>The group's constants in every lane, and the steps the loops above share.</summary>
    private readonly struct Constants<L> where L : struct, IDoubleLanes<L>
    {
        public readonly L NegGL, EL, EEx, EIn, CM, DecayEx, DecayIn, IE, HalfH, H, SixthH, Two, VTh, VReset, RefSteps;

        // Inlined into the update, so that compiling the update (NeuronSimd.Compile) compiles it too.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Constants(IafCondExp g)
        {
            NegGL = L.Create(-g._gL);
            EL = L.Create(g._eL);
            EEx = L.Create(g._eEx);
            EIn = L.Create(g._eIn);
            CM = L.Create(g._cM);
            DecayEx = L.Create(g._decayExHalf);
            DecayIn = L.Create(g._decayInHalf);
            IE = L.Create(g._iE);
            HalfH = L.Create(0.5 * g._h);
            H = L.Create(g._h);
            SixthH = L.Create(g._h / 6.0);
            Two = L.Create(2.0);
            VTh = L.Create(g._vTh);
            VReset = L.Create(g._vReset);
            RefSteps = L.Create(g._refSteps);
        }

        /// <summary>A conductance at the start of the step, at its middle and at its end.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (L Start, L Middle, L End) Decay(ref double conductance, nuint k, L decayHalf)
        {
            var start = L.Load(ref conductance, k);
            var middle = start * decayHalf;
            return (start, middle, middle * decayHalf);
        }

        /// <summary>dV/dt: the right-hand side divided by C_m (a true division, as NEST does it).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public L Derivative<TExcitatory>(L v, L gEx, L gIn, L i) where TExcitatory : struct, IReversal =>
            (NegGL * (v - EL) - gEx * TExcitatory.Distance(v, EEx) - gIn * (v - EIn) + i) / CM;

        /// <summary>The conductance at the end of the step plus the input that arrived in it; the input is consumed.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Absorb(L decayed, ref double conductance, ref double input, nuint k)
        {
            L.Store(decayed + L.Load(ref input, k), ref conductance, k);
            L.Store(L.Create(0.0), ref input, k);
        }

        /// <summary>
        /// Refractoriness and threshold for the lanes at <paramref name="k"/>: a refractory lane counts down with V at
        /// the reset, any other takes the new V (a negative counter, which only a checkpoint can hold, keeps the old)
        /// and spikes at or above threshold. Returns the spike bits.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong Finish(ref double v, ref int r, nuint k, L y, L vNew)
        {
            var rr = L.LoadCounter(ref r, k);
            var zero = L.Create(0.0);
            var refractory = L.GreaterThan(rr, zero);
            var vInt = L.Select(L.Equal(rr, zero), vNew, y);
            var spike = L.AndNot(L.GreaterThanOrEqual(vInt, VTh), refractory);
            L.Store(L.Select(L.Or(refractory, spike), VReset, vInt), ref v, k);
            L.StoreCounter(L.Select(refractory, rr - L.Create(1.0), L.Select(spike, RefSteps, rr)), ref r, k);
            return L.Bits(spike);
        }
    }
}
