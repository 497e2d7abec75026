using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// Izhikevich (2003): dv/dt = 0.04v² + 5v + 140 − u + I, du/dt = a(bv − u); when v ≥ v_th (30 mV): v ← c, u ← u + d.
/// Integrated as NEST's izhikevich does (forward Euler with both updates from the old values); synaptic input of
/// w mV is added to v directly.
/// </summary>
/// <remarks>
/// The update runs 8 (AVX-512) or 4 (AVX) neurons per instruction, each lane doing the scalar loop's operations in
/// its order (no fused multiply-adds), so results are bitwise those of the scalar loop on any hardware.
/// </remarks>
public sealed class Izhikevich : NeuronGroup
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
        var u = _u;
        double h = DtMs;
        for (; i < count; i++)
        {
            double v0 = v[i], u0 = u[i];
            v[i] = v0 + h * (0.04 * v0 * v0 + 5.0 * v0 + 140.0 - u0 + _iE + current[i]) + excitatory[i] + inhibitory[i];
            excitatory[i] = 0;
            inhibitory[i] = 0;
            u[i] = u0 + h * _a * (_b * v0 - u0);
            if (v[i] >= _vTh)
            {
                v[i] = _c;
                u[i] += _d;
                spiked[n++] = i;
            }
        }
        return n;
    }

    // Lane by lane the scalar loop; h·a is folded because the scalar code evaluates h * a * (…) left to right. Zeros
    // are stored into the input right after it is read: the update consumes it (see NeuronGroup.Update).

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Update512(Span<double> excitatory, Span<double> inhibitory, ReadOnlySpan<double> current,
        Span<int> spiked, ref int n)
    {
        int count = Count;
        ref double v = ref MemoryMarshal.GetArrayDataReference(_v);
        ref double u = ref MemoryMarshal.GetArrayDataReference(_u);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var h = Vector512.Create(DtMs);
        var ha = Vector512.Create(DtMs * _a);
        var b = Vector512.Create(_b);
        var c = Vector512.Create(_c);
        var d = Vector512.Create(_d);
        var iE = Vector512.Create(_iE);
        var vTh = Vector512.Create(_vTh);
        var k2 = Vector512.Create(0.04);
        var k1 = Vector512.Create(5.0);
        var k0 = Vector512.Create(140.0);
        int i = 0;
        for (; i <= count - Vector512<double>.Count; i += Vector512<double>.Count)
        {
            nuint k = (nuint)i;
            var v0 = Vector512.LoadUnsafe(ref v, k);
            var u0 = Vector512.LoadUnsafe(ref u, k);
            var v1 = v0 + h * (k2 * v0 * v0 + k1 * v0 + k0 - u0 + iE + Vector512.LoadUnsafe(ref cur, k))
                + Vector512.LoadUnsafe(ref ex, k) + Vector512.LoadUnsafe(ref inh, k);
            Vector512<double>.Zero.StoreUnsafe(ref ex, k);
            Vector512<double>.Zero.StoreUnsafe(ref inh, k);
            var u1 = u0 + ha * (b * v0 - u0);
            var spike = Vector512.GreaterThanOrEqual(v1, vTh);
            Vector512.ConditionalSelect(spike, c, v1).StoreUnsafe(ref v, k);
            Vector512.ConditionalSelect(spike, u1 + d, u1).StoreUnsafe(ref u, k);
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
        ref double u = ref MemoryMarshal.GetArrayDataReference(_u);
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        var h = Vector256.Create(DtMs);
        var ha = Vector256.Create(DtMs * _a);
        var b = Vector256.Create(_b);
        var c = Vector256.Create(_c);
        var d = Vector256.Create(_d);
        var iE = Vector256.Create(_iE);
        var vTh = Vector256.Create(_vTh);
        var k2 = Vector256.Create(0.04);
        var k1 = Vector256.Create(5.0);
        var k0 = Vector256.Create(140.0);
        int i = 0;
        for (; i <= count - Vector256<double>.Count; i += Vector256<double>.Count)
        {
            nuint k = (nuint)i;
            var v0 = Vector256.LoadUnsafe(ref v, k);
            var u0 = Vector256.LoadUnsafe(ref u, k);
            var v1 = v0 + h * (k2 * v0 * v0 + k1 * v0 + k0 - u0 + iE + Vector256.LoadUnsafe(ref cur, k))
                + Vector256.LoadUnsafe(ref ex, k) + Vector256.LoadUnsafe(ref inh, k);
            Vector256<double>.Zero.StoreUnsafe(ref ex, k);
            Vector256<double>.Zero.StoreUnsafe(ref inh, k);
            var u1 = u0 + ha * (b * v0 - u0);
            var spike = Vector256.GreaterThanOrEqual(v1, vTh);
            Vector256.ConditionalSelect(spike, c, v1).StoreUnsafe(ref v, k);
            Vector256.ConditionalSelect(spike, u1 + d, u1).StoreUnsafe(ref u, k);
            n = NeuronSimd.AppendSpikes(spike.ExtractMostSignificantBits(), i, spiked, n);
        }
        return i;
    }
}
