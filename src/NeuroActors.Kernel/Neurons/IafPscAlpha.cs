using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with alpha-shaped current synapses, as NEST's iaf_psc_alpha, integrated exactly on
/// the grid (Rotter &amp; Diesmann 1999): each receptor's current I and its derivative dI form a linear system with V,
/// whose propagator matrix is applied each step. An input of weight w (the peak current, pA) makes dI jump by
/// w·e/τ_syn, so that I(s) = w·(s/τ_syn)·e^(1 − s/τ_syn) peaks at w after τ_syn. Input arriving at step t enters dI at
/// the end of t; V is held at the reset during the refractory period while the currents keep integrating.
/// </summary>
public sealed class IafPscAlpha : VectorNeuronGroup, INeuronModelGroup
{
    private static readonly string[] Names = { "v", "i_syn_ex", "i_syn_in", "di_syn_ex", "di_syn_in" };
    private static readonly string[] ParameterNames = { "tau_m", "c_m", "e_l", "v_th", "v_reset", "t_ref", "i_e", "tau_syn_ex", "tau_syn_in" };
    private readonly double[] _v, _iEx, _iIn, _dEx, _dIn;
    private readonly int[] _refractory;
    // The model's parameters as given; the update reads only the derived constants below them.
    private double _tauM, _cM, _tRef, _tauSynEx, _tauSynIn;
    private double _p33, _p30, _eL, _vTh, _vReset, _iE;
    private Synapse _ex, _in;
    private int _refSteps;

    /// <summary>One receptor's propagators: dI → dI (P11), dI → I (P21), I → I (P22), dI → V (P31), I → V (P32), and the jump of dI per unit weight.</summary>
    private readonly record struct Synapse(double P11, double P21, double P22, double P31, double P32, double Jump);

    /// <summary>Creates the group; parameters in ms, pF, mV, pA.</summary>
    public IafPscAlpha(int count, double dtMs, double tauM, double cM, double eL, double vTh, double vReset, double tRef,
        double iE, double tauSynEx, double tauSynIn) : base(count, dtMs)
    {
        _v = new double[count]; _iEx = new double[count]; _iIn = new double[count];
        _dEx = new double[count]; _dIn = new double[count];
        _refractory = new int[count];
        _tauM = tauM; _cM = cM; _tRef = tRef; _tauSynEx = tauSynEx; _tauSynIn = tauSynIn;
        _eL = eL; _vTh = vTh; _vReset = vReset; _iE = iE;
        Derive();
        Array.Fill(_v, eL);
    }

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.IafPscAlpha;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) =>
        new IafPscAlpha(slice.Count, slice.DtMs, slice.Param("tau_m"), slice.Param("c_m"), slice.Param("e_l"), slice.Param("v_th"),
            slice.Param("v_reset"), slice.Param("t_ref"), slice.Param("i_e"), slice.Param("tau_syn_ex"), slice.Param("tau_syn_in"));

    private void Derive()
    {
        double h = DtMs;
        _p33 = Math.Exp(-h / _tauM);
        _p30 = _tauM / _cM * -double.ExpM1(-h / _tauM);
        _ex = Propagate(_tauSynEx);
        _in = Propagate(_tauSynIn);
        _refSteps = RefractorySteps(_tRef, h);
    }

    private Synapse Propagate(double tauSyn)
    {
        double h = DtMs, decay = Math.Exp(-h / tauSyn);
        var (p31, p32) = AlphaToVoltage(tauSyn, _tauM, _cM, h);
        return new Synapse(decay, h * decay, decay, p31, p32, Math.E / tauSyn);
    }

    /// <summary>
    /// The voltage that one step of length <paramref name="h"/> adds, in a membrane with τ_m and C_m, per unit of dI
    /// (P31) and per unit of I (P32) at the start of the step, for an alpha current with <paramref name="tauSyn"/>:
    /// P32 = β/C_m·(e^(−h/τ_m) − e^(−h/τ_s)) and P31 = β/C_m·(β(e^(−h/τ_m) − e^(−h/τ_s)) − h·e^(−h/τ_s)) with
    /// β = τ_s τ_m/(τ_m − τ_s). Both lose their digits to cancellation as τ_s approaches τ_m, so there, with
    /// x = h/τ_s − h/τ_m, they are evaluated as h/C_m·e^(−h/τ_s)·(e^x − 1)/x and h²/C_m·e^(−h/τ_s)·(e^x − 1 − x)/x²
    /// from the series of those quotients, which also covers τ_s = τ_m (P32 = h/C_m·e^(−h/τ), P31 = h²/(2C_m)·e^(−h/τ)).
    /// </summary>
    public static (double P31, double P32) AlphaToVoltage(double tauSyn, double tauM, double cM, double h)
    {
        double x = h / tauSyn - h / tauM;
        double eSyn = Math.Exp(-h / tauSyn);
        if (Math.Abs(x) < 0.1)
        {
            // Σ x^k/(k+1)! and Σ x^k/(k+2)! to k = 12: the first term left out is below 1e-13·x^13/8.7e10 of the sum.
            double q1 = 0, q2 = 0, f1 = 1, f2 = 1;
            Span<double> inverse1 = stackalloc double[13], inverse2 = stackalloc double[13];
            for (int k = 0; k <= 12; k++)
            {
                f1 /= k + 1;
                f2 /= k + 2;
                inverse1[k] = f1;
                inverse2[k] = f2;
            }
            for (int k = 12; k >= 0; k--)
            {
                q1 = q1 * x + inverse1[k];
                q2 = q2 * x + inverse2[k];
            }
            return (h * h / cM * eSyn * q2, h / cM * eSyn * q1);
        }
        double eM = Math.Exp(-h / tauM);
        double beta = tauSyn * tauM / (tauM - tauSyn);
        return (beta / cM * (beta * (eM - eSyn) - h * eSyn), beta / cM * (eM - eSyn));
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

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _iEx, 2 => _iIn, 3 => _dEx, _ => _dIn };

    /// <inheritdoc/>
    public override int[]? Counters => _refractory;

    /// <inheritdoc/>
    internal override int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path) => NeuronSimd.Update(new Lanes(this), Count, excitatory, inhibitory, current, spiked, path);

    /// <inheritdoc/>
    private protected override Type LaneUpdate => typeof(Lanes);

    /// <summary>The update, written once for every width.</summary>
    /// <remarks>
    /// Lane by lane NEST's loop: V moves only where the counter is zero (from the currents as they were at the start
    /// of the step), any other counter steps down by one, both currents are propagated and their derivatives take the
    /// step's input, and the threshold applies to every lane. The counter travels as a double, as in iaf_psc_exp.
    /// </remarks>
    private readonly struct Lanes(IafPscAlpha g) : ILaneUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        (int Next, int Spikes) ILaneUpdate.Advance<L>(int i, int n, ref double ex, ref double inh, ref double cur,
            Span<int> spiked)
        {
            int count = g.Count;
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref double iEx = ref MemoryMarshal.GetArrayDataReference(g._iEx);
            ref double iIn = ref MemoryMarshal.GetArrayDataReference(g._iIn);
            ref double dEx = ref MemoryMarshal.GetArrayDataReference(g._dEx);
            ref double dIn = ref MemoryMarshal.GetArrayDataReference(g._dIn);
            ref int r = ref MemoryMarshal.GetArrayDataReference(g._refractory);
            Synapse e = g._ex, f = g._in;
            L eL = L.Create(g._eL), p33 = L.Create(g._p33), p30 = L.Create(g._p30), iE = L.Create(g._iE),
                vTh = L.Create(g._vTh), vReset = L.Create(g._vReset), refSteps = L.Create(g._refSteps),
                zero = L.Create(0.0), one = L.Create(1.0),
                p31Ex = L.Create(e.P31), p32Ex = L.Create(e.P32), p11Ex = L.Create(e.P11), p21Ex = L.Create(e.P21),
                p22Ex = L.Create(e.P22), jumpEx = L.Create(e.Jump),
                p31In = L.Create(f.P31), p32In = L.Create(f.P32), p11In = L.Create(f.P11), p21In = L.Create(f.P21),
                p22In = L.Create(f.P22), jumpIn = L.Create(f.Jump);
            for (; i <= count - L.Count; i += L.Count)
            {
                nuint k = (nuint)i;
                var rr = L.LoadCounter(ref r, k);
                var y = L.Load(ref v, k);
                var ie = L.Load(ref iEx, k);
                var ii = L.Load(ref iIn, k);
                var de = L.Load(ref dEx, k);
                var di = L.Load(ref dIn, k);
                var vNew = eL + p33 * (y - eL) + p31Ex * de + p32Ex * ie + p31In * di + p32In * ii + p30 * (iE + L.Load(ref cur, k));
                var free = L.Equal(rr, zero);
                var vInt = L.Select(free, vNew, y);
                rr = L.Select(free, rr, rr - one);
                L.Store(p21Ex * de + p22Ex * ie, ref iEx, k);
                L.Store(p11Ex * de + jumpEx * L.Load(ref ex, k), ref dEx, k);
                L.Store(zero, ref ex, k);
                L.Store(p21In * di + p22In * ii, ref iIn, k);
                L.Store(p11In * di + jumpIn * L.Load(ref inh, k), ref dIn, k);
                L.Store(zero, ref inh, k);
                var spike = L.GreaterThanOrEqual(vInt, vTh);
                L.Store(L.Select(spike, vReset, vInt), ref v, k);
                L.StoreCounter(L.Select(spike, refSteps, rr), ref r, k);
                n = NeuronSimd.AppendSpikes(L.Bits(spike), i, spiked, n);
            }
            return (i, n);
        }
    }
}
