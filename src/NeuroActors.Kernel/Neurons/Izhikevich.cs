using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Izhikevich (2003): dv/dt = 0.04v² + 5v + 140 − u + I, du/dt = a(bv − u); when v ≥ v_th (30 mV): v ← c, u ← u + d.
/// Integrated as NEST's izhikevich does (forward Euler with both updates from the old values); synaptic input of
/// w mV is added to v directly.
/// </summary>
public sealed class Izhikevich : VectorNeuronGroup, INeuronModelGroup
{
    private static readonly string[] Names = { "v", "u" };
    private static readonly string[] ParameterNames = { "a", "b", "c", "d", "v_th", "i_e" };
    private readonly double[] _v, _u;
    private double _a, _b, _c, _d, _vTh, _iE;

    /// <summary>Creates the group with the paper's a, b, c, d.</summary>
    public Izhikevich(int count, double dtMs, double a, double b, double c, double d, double vTh, double iE) : base(count, dtMs)
    {
        _v = new double[count]; _u = new double[count];
        _a = a; _b = b; _c = c; _d = d; _vTh = vTh; _iE = iE;
        Array.Fill(_v, c);
        Array.Fill(_u, b * c);
    }

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.Izhikevich;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) =>
        new Izhikevich(slice.Count, slice.DtMs, slice.Param("a"), slice.Param("b"), slice.Param("c"), slice.Param("d"), slice.Param("v_th"),
            slice.Param("i_e"));

    /// <inheritdoc/>
    public override IReadOnlyList<string> Parameters => ParameterNames;

    /// <inheritdoc/>
    protected override double? ParameterValue(string name) => name switch
    {
        "a" => _a, "b" => _b, "c" => _c, "d" => _d, "v_th" => _vTh, "i_e" => _iE, _ => null,
    };

    /// <inheritdoc/>
    protected override bool TrySetParameter(string name, double value)
    {
        // Nothing is derived: the vector paths broadcast (and fold h·a) from these fields at every update.
        switch (name)
        {
            case "a": _a = value; break;
            case "b": _b = value; break;
            case "c": _c = value; break;
            case "d": _d = value; break;
            case "v_th": _vTh = value; break;
            case "i_e": _iE = value; break;
            default: return false;
        }
        return true;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index == 0 ? _v : _u;

    /// <inheritdoc/>
    internal override int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path) => NeuronSimd.Update(new Lanes(this), Count, excitatory, inhibitory, current, spiked, path);

    /// <inheritdoc/>
    private protected override Type LaneUpdate => typeof(Lanes);

    /// <summary>The update, written once for every width.</summary>
    /// <remarks>
    /// NEST's loop lane by lane, both right-hand sides from the old v and u; h·a is folded because NEST's
    /// <c>h * a * (…)</c> is evaluated left to right. Zeros are stored into the input right after it is read: the
    /// update consumes it (see <see cref="NeuronGroup.Update"/>).
    /// </remarks>
    private readonly struct Lanes(Izhikevich g) : ILaneUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        (int Next, int Spikes) ILaneUpdate.Advance<L>(int i, int n, ref double ex, ref double inh, ref double cur,
            Span<int> spiked)
        {
            int count = g.Count;
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref double u = ref MemoryMarshal.GetArrayDataReference(g._u);
            L h = L.Create(g.DtMs), ha = L.Create(g.DtMs * g._a), b = L.Create(g._b), c = L.Create(g._c), d = L.Create(g._d),
                iE = L.Create(g._iE), vTh = L.Create(g._vTh), k2 = L.Create(0.04), k1 = L.Create(5.0), k0 = L.Create(140.0),
                zero = L.Create(0.0);
            for (; i <= count - L.Count; i += L.Count)
            {
                nuint k = (nuint)i;
                var v0 = L.Load(ref v, k);
                var u0 = L.Load(ref u, k);
                var v1 = v0 + h * (k2 * v0 * v0 + k1 * v0 + k0 - u0 + iE + L.Load(ref cur, k)) + L.Load(ref ex, k) + L.Load(ref inh, k);
                L.Store(zero, ref ex, k);
                L.Store(zero, ref inh, k);
                var u1 = u0 + ha * (b * v0 - u0);
                var spike = L.GreaterThanOrEqual(v1, vTh);
                L.Store(L.Select(spike, c, v1), ref v, k);
                L.Store(L.Select(spike, u1 + d, u1), ref u, k);
                n = NeuronSimd.AppendSpikes(L.Bits(spike), i, spiked, n);
            }
            return (i, n);
        }
    }
}
