using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with exponentially decaying current synapses, as NEST's iaf_psc_exp, integrated
/// exactly on the grid (Rotter &amp; Diesmann 1999): the propagator matrix of (V, I_ex, I_in) is applied each step.
/// Synaptic input arriving at step t enters the currents at the end of t and moves V from t+1 on. During the
/// refractory period V is held at the reset but the synaptic currents keep integrating input.
/// </summary>
public sealed class IafPscExp : VectorNeuronGroup, INeuronModelGroup
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

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.IafPscExp;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) =>
        new IafPscExp(slice.Count, slice.DtMs, slice.Param("tau_m"), slice.Param("c_m"), slice.Param("e_l"), slice.Param("v_th"),
            slice.Param("v_reset"), slice.Param("t_ref"), slice.Param("i_e"), slice.Param("tau_syn_ex"), slice.Param("tau_syn_in"));

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
    internal override int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path) => NeuronSimd.Update(new Lanes(this), Count, excitatory, inhibitory, current, spiked, path);

    /// <inheritdoc/>
    private protected override Type LaneUpdate => typeof(Lanes);

    /// <summary>The update, written once for every width.</summary>
    /// <remarks>
    /// Lane by lane NEST's loop: V moves only where the counter is zero, any other counter steps down by one, and the
    /// threshold applies to every lane. The counter travels as a double (exact for any int) so that its masks line up
    /// with V's lanes; only int.MinValue, which no run makes, stays where an int decrement would wrap. Zeros are
    /// stored into the input right after it is read: the update consumes it (see <see cref="NeuronGroup.Update"/>).
    /// </remarks>
    private readonly struct Lanes(IafPscExp g) : ILaneUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        (int Next, int Spikes) ILaneUpdate.Advance<L>(int i, int n, ref double ex, ref double inh, ref double cur,
            Span<int> spiked)
        {
            int count = g.Count;
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref double iEx = ref MemoryMarshal.GetArrayDataReference(g._iEx);
            ref double iIn = ref MemoryMarshal.GetArrayDataReference(g._iIn);
            ref int r = ref MemoryMarshal.GetArrayDataReference(g._refractory);
            L eL = L.Create(g._eL), p22 = L.Create(g._p22), p21Ex = L.Create(g._p21Ex), p21In = L.Create(g._p21In),
                p20 = L.Create(g._p20), iE = L.Create(g._iE), p11Ex = L.Create(g._p11Ex), p11In = L.Create(g._p11In),
                vTh = L.Create(g._vTh), vReset = L.Create(g._vReset), refSteps = L.Create(g._refSteps),
                zero = L.Create(0.0), one = L.Create(1.0);
            for (; i <= count - L.Count; i += L.Count)
            {
                nuint k = (nuint)i;
                var rr = L.LoadCounter(ref r, k);
                var y = L.Load(ref v, k);
                var ie = L.Load(ref iEx, k);
                var ii = L.Load(ref iIn, k);
                var vNew = eL + p22 * (y - eL) + p21Ex * ie + p21In * ii + p20 * (iE + L.Load(ref cur, k));
                var free = L.Equal(rr, zero);
                var vInt = L.Select(free, vNew, y);
                rr = L.Select(free, rr, rr - one);
                L.Store(p11Ex * ie + L.Load(ref ex, k), ref iEx, k);
                L.Store(zero, ref ex, k);
                L.Store(p11In * ii + L.Load(ref inh, k), ref iIn, k);
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
