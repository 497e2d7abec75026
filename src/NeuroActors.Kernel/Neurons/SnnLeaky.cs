using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// The training engine's discrete-time leaky integrate-and-fire neuron (snnTorch's <c>Leaky</c>, with an optional
/// synaptic current and adaptive threshold), one step per engine step, with the engine's operations in its order
/// (docs/neuron-models.md, snn_leaky): h = (excitatory + inhibitory input) + bias; I = α·I + h, or h when α = 0;
/// θ_prev = θ + strength·a; a ← ρ·a + s; θ_eff = θ + strength·a; U ← β·U + I − reset; spike when U − θ_eff &gt; 0.
/// Every parameter is per neuron. Before step <c>start</c> a neuron keeps its state and drops its input: a layer of an
/// exported network starts when its first input can arrive, so that its bias does not act during the steps before.
/// </summary>
/// <remarks>
/// The state is U (<c>v</c>), I (<c>i_syn</c>), the adaptation a[t] of the last step (<c>a</c>) and its spike s[t]
/// (<c>s</c>, 0 or 1), which the previous-step reset and the next adaptation read. Keeping a[t] rather than a[t+1] lets
/// the next step recompute θ_eff[t] exactly as this step computed it, for the reset by the adaptive threshold.
/// </remarks>
public sealed class SnnLeaky : PerNeuronParameterGroup, INeuronModelGroup
{
    private static readonly string[] Names = { "v", "i_syn", "a", "s" };
    // Indices of the catalogue's parameters in Values (NeuronModel.SnnLeaky's order).
    private const int Beta = 0, Threshold = 1, Reset = 2, Timing = 3, Alpha = 4, Bias = 5, Rho = 6, Strength = 7, AdaptReset = 8, Start = 9;
    private readonly double[] _v, _i, _a, _s;

    private SnnLeaky(GroupSlice slice) : base(slice, NeuronModel.SnnLeaky)
    {
        _v = new double[slice.Count];
        _i = new double[slice.Count];
        _a = new double[slice.Count];
        _s = new double[slice.Count];
    }

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.SnnLeaky;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) => new SnnLeaky(slice);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _i, 2 => _a, 3 => _s, _ => throw new ArgumentOutOfRangeException(nameof(index)) };

    /// <inheritdoc/>
    internal override int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path) => NeuronSimd.Update(new Lanes(this), Count, excitatory, inhibitory, current, spiked, path);

    /// <inheritdoc/>
    private protected override Type LaneUpdate => typeof(Lanes);

    /// <summary>The update, written once for every width.</summary>
    /// <remarks>
    /// Every reset mode and timing is computed on every lane and the lane's own chosen by masks, so neurons of one
    /// group may differ in them. Each formula is the engine's, operation for operation (train-common's order):
    /// subtract (previous) (β·U + I) − s·θ_r, zero (previous) (β·U)·(1 − s) + I, none β·U + I; the same-step reset
    /// applies to β·U + I after the threshold test. With s = 0 each gives β·U + I exactly.
    /// </remarks>
    private readonly struct Lanes(SnnLeaky g) : ILaneUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        (int Next, int Spikes) ILaneUpdate.Advance<L>(int i, int n, ref double ex, ref double inh, ref double cur,
            Span<int> spiked)
        {
            int count = g.Count;
            var p = g.Values;
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref double isyn = ref MemoryMarshal.GetArrayDataReference(g._i);
            ref double a = ref MemoryMarshal.GetArrayDataReference(g._a);
            ref double s = ref MemoryMarshal.GetArrayDataReference(g._s);
            ref double beta = ref MemoryMarshal.GetArrayDataReference(p[Beta]);
            ref double theta = ref MemoryMarshal.GetArrayDataReference(p[Threshold]);
            ref double reset = ref MemoryMarshal.GetArrayDataReference(p[Reset]);
            ref double timing = ref MemoryMarshal.GetArrayDataReference(p[Timing]);
            ref double alpha = ref MemoryMarshal.GetArrayDataReference(p[Alpha]);
            ref double bias = ref MemoryMarshal.GetArrayDataReference(p[Bias]);
            ref double rho = ref MemoryMarshal.GetArrayDataReference(p[Rho]);
            ref double strength = ref MemoryMarshal.GetArrayDataReference(p[Strength]);
            ref double adaptive = ref MemoryMarshal.GetArrayDataReference(p[AdaptReset]);
            ref double start = ref MemoryMarshal.GetArrayDataReference(p[Start]);
            L zero = L.Create(0.0), one = L.Create(1.0), now = L.Create((double)g.Step);
            for (; i <= count - L.Count; i += L.Count)
            {
                nuint k = (nuint)i;
                var on = L.GreaterThanOrEqual(now, L.Load(ref start, k));
                var h = (L.Load(ref ex, k) + L.Load(ref inh, k)) + L.Load(ref bias, k);
                L.Store(zero, ref ex, k);
                L.Store(zero, ref inh, k);
                var al = L.Load(ref alpha, k);
                var current = L.Select(L.GreaterThan(al, zero), al * L.Load(ref isyn, k) + h, h);
                var th = L.Load(ref theta, k);
                var st = L.Load(ref strength, k);
                var aOld = L.Load(ref a, k);
                var sOld = L.Load(ref s, k);
                var aNew = L.Load(ref rho, k) * aOld + sOld;
                var thNow = th + st * aNew;
                var byAdaptive = L.Equal(L.Load(ref adaptive, k), one);
                var mode = L.Load(ref reset, k);
                var subtract = L.Equal(mode, zero);
                var toZero = L.Equal(mode, one);
                var bu = L.Load(ref beta, k) * L.Load(ref v, k);
                var free = bu + current;
                var previous = L.Select(subtract, free - sOld * L.Select(byAdaptive, th + st * aOld, th),
                    L.Select(toZero, bu * (one - sOld) + current, free));
                var same = L.Equal(L.Load(ref timing, k), one);
                var u = L.Select(same, free, previous);
                var spike = L.Select(on, L.GreaterThan(u - thNow, zero), zero);
                var sNew = L.Select(spike, one, zero);
                var afterSame = L.Select(subtract, u - sNew * L.Select(byAdaptive, thNow, th), L.Select(toZero, L.Select(spike, zero, u), u));
                L.Store(L.Select(on, L.Select(same, afterSame, u), L.Load(ref v, k)), ref v, k);
                L.Store(L.Select(on, current, L.Load(ref isyn, k)), ref isyn, k);
                L.Store(L.Select(on, aNew, aOld), ref a, k);
                L.Store(L.Select(on, sNew, sOld), ref s, k);
                n = NeuronSimd.AppendSpikes(L.Bits(spike), i, spiked, n);
            }
            return (i, n);
        }
    }
}
