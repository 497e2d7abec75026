using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Leaky integrate-and-fire neuron with delta synapses, as NEST's iaf_psc_delta: the subthreshold dynamics
/// dV/dt = −(V − E_L)/τ_m + I/C_m are integrated exactly; a synaptic event of weight w (mV) makes V jump by w;
/// events arriving during the refractory period are discarded and V is held at the reset.
/// </summary>
public sealed class IafPscDelta : VectorNeuronGroup, INeuronModelGroup
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

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.IafPscDelta;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) =>
        new IafPscDelta(slice.Count, slice.DtMs, slice.Param("tau_m"), slice.Param("c_m"), slice.Param("e_l"), slice.Param("v_th"),
            slice.Param("v_reset"), slice.Param("t_ref"), slice.Param("i_e"));

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
    internal override int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path) => NeuronSimd.Update(new Lanes(this), Count, excitatory, inhibitory, current, spiked, path);

    /// <inheritdoc/>
    private protected override Type LaneUpdate => typeof(Lanes);

    /// <summary>The update, written once for every width.</summary>
    /// <remarks>
    /// Lane by lane NEST's loop, as in <see cref="IafPscExp"/>: V moves only where the counter is zero, any other
    /// counter steps down by one, the threshold applies to every lane; the counter travels as a double. Input arriving
    /// during the refractory period is discarded, but its slot is emptied all the same: zeros are stored into the
    /// input right after it is read, on every lane (see <see cref="NeuronGroup.Update"/>).
    /// </remarks>
    private readonly struct Lanes(IafPscDelta g) : ILaneUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        (int Next, int Spikes) ILaneUpdate.Advance<L>(int i, int n, ref double ex, ref double inh, ref double cur,
            Span<int> spiked)
        {
            int count = g.Count;
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref int r = ref MemoryMarshal.GetArrayDataReference(g._refractory);
            L eL = L.Create(g._eL), p33 = L.Create(g._p33), p30 = L.Create(g._p30), iE = L.Create(g._iE),
                vTh = L.Create(g._vTh), vReset = L.Create(g._vReset), refSteps = L.Create(g._refSteps),
                zero = L.Create(0.0), one = L.Create(1.0);
            for (; i <= count - L.Count; i += L.Count)
            {
                nuint k = (nuint)i;
                var rr = L.LoadCounter(ref r, k);
                var y = L.Load(ref v, k);
                var vNew = eL + p33 * (y - eL) + p30 * (iE + L.Load(ref cur, k)) + (L.Load(ref ex, k) + L.Load(ref inh, k));
                L.Store(zero, ref ex, k);
                L.Store(zero, ref inh, k);
                var free = L.Equal(rr, zero);
                var vInt = L.Select(free, vNew, y);
                rr = L.Select(free, rr, rr - one);
                var spike = L.GreaterThanOrEqual(vInt, vTh);
                L.Store(L.Select(spike, vReset, vInt), ref v, k);
                L.StoreCounter(L.Select(spike, refSteps, rr), ref r, k);
                n = NeuronSimd.AppendSpikes(L.Bits(spike), i, spiked, n);
            }
            return (i, n);
        }
    }
}
