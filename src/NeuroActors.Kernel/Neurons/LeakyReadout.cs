using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// The training engine's non-spiking leaky readout, with the engine's operations in its order
/// (docs/neuron-models.md, leaky_readout): h = (excitatory + inhibitory input) + bias; I = α·I + h, or h when α = 0;
/// U ← β·U + I. It never spikes. Every parameter is per neuron; before step <c>start</c> a neuron keeps its state
/// and drops its input.
/// </summary>
public sealed class LeakyReadout : PerNeuronParameterGroup, INeuronModelGroup
{
    private static readonly string[] Names = { "v", "i_syn" };
    // Indices of the catalogue's parameters in Values (NeuronModel.LeakyReadout's order).
    private const int Beta = 0, Alpha = 1, Bias = 2, Start = 3;
    private readonly double[] _v, _i;

    private LeakyReadout(GroupSlice slice) : base(slice, NeuronModel.LeakyReadout)
    {
        _v = new double[slice.Count];
        _i = new double[slice.Count];
    }

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.LeakyReadout;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) => new LeakyReadout(slice);

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => index switch { 0 => _v, 1 => _i, _ => throw new ArgumentOutOfRangeException(nameof(index)) };

    /// <inheritdoc/>
    internal override int Update(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, SimdPath path) => NeuronSimd.Update(new Lanes(this), Count, excitatory, inhibitory, current, spiked, path);

    /// <inheritdoc/>
    private protected override Type LaneUpdate => typeof(Lanes);

    /// <summary>The update, written once for every width.</summary>
    private readonly struct Lanes(LeakyReadout g) : ILaneUpdate
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        (int Next, int Spikes) ILaneUpdate.Advance<L>(int i, int n, ref double ex, ref double inh, ref double cur,
            Span<int> spiked)
        {
            int count = g.Count;
            var p = g.Values;
            ref double v = ref MemoryMarshal.GetArrayDataReference(g._v);
            ref double isyn = ref MemoryMarshal.GetArrayDataReference(g._i);
            ref double beta = ref MemoryMarshal.GetArrayDataReference(p[Beta]);
            ref double alpha = ref MemoryMarshal.GetArrayDataReference(p[Alpha]);
            ref double bias = ref MemoryMarshal.GetArrayDataReference(p[Bias]);
            ref double start = ref MemoryMarshal.GetArrayDataReference(p[Start]);
            L zero = L.Create(0.0), now = L.Create((double)g.Step);
            for (; i <= count - L.Count; i += L.Count)
            {
                nuint k = (nuint)i;
                var on = L.GreaterThanOrEqual(now, L.Load(ref start, k));
                var h = (L.Load(ref ex, k) + L.Load(ref inh, k)) + L.Load(ref bias, k);
                L.Store(zero, ref ex, k);
                L.Store(zero, ref inh, k);
                var al = L.Load(ref alpha, k);
                var current = L.Select(L.GreaterThan(al, zero), al * L.Load(ref isyn, k) + h, h);
                var y = L.Load(ref v, k);
                L.Store(L.Select(on, current, L.Load(ref isyn, k)), ref isyn, k);
                L.Store(L.Select(on, L.Load(ref beta, k) * y + current, y), ref v, k);
            }
            return (i, n);
        }
    }
}
