using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Simd;

namespace NeuroActors.Loihi;

/// <summary>
/// The compartment update written once over integer lanes (<see cref="IIntLanes{TSelf}"/>), run at the widest width
/// the machine has and then one compartment at a time for the tail, as the float models run theirs
/// (<see cref="NeuronSimd"/>).
/// </summary>
/// <remarks>
/// The one step that needs 64 bits in Lava, trunc(x · d / 4096) for a 24-bit x and a 13-bit d, is done in 32-bit
/// lanes exactly: with |x| = hi · 4096 + lo, ⌊|x| · d / 4096⌋ = hi · d + ⌊lo · d / 4096⌋, and lo · d &lt; 2^24. For
/// any int x (Lava casts the 64-bit result back to int32) both sides agree modulo 2^32, which the tests check at
/// int.MinValue and int.MaxValue too.
/// </remarks>
internal static class CompartmentLanes
{
    /// <summary>The widest integer path this machine runs.</summary>
    internal static SimdPath BestPath =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Avx2.IsSupported && Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : SimdPath.Scalar;

    /// <summary>Advances every compartment of <paramref name="c"/> one step; returns the number of spikes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Update(LoihiCompartments c, Span<int> aIn, Span<int> spiked, SimdPath path)
    {
        ref int a = ref MemoryMarshal.GetReference(aIn);
        (int Next, int Spikes) done = (0, 0);
        if (path == SimdPath.Vector512 && Avx512F.IsSupported)
            done = Advance<IntLanes512>(c, 0, 0, ref a, spiked);
        else if (path >= SimdPath.Vector256 && Avx2.IsSupported)
            done = Advance<IntLanes256>(c, 0, 0, ref a, spiked);
        if (done.Next == c.Count) return done.Spikes;
        return Advance<IntScalarLane>(c, done.Next, done.Spikes, ref a, spiked).Spikes;
    }

    /// <summary>
    /// Compiles the update's widths for this machine before the first step (once per process), so that a timed run
    /// does not compile them in its first step.
    /// </summary>
    internal static void Compile()
    {
        var method = typeof(CompartmentLanes).GetMethod(nameof(Advance), System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!;
        RuntimeHelpers.PrepareMethod(typeof(CompartmentLanes).GetMethod(nameof(Update), System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic)!.MethodHandle);
        var best = BestPath;
        if (best == SimdPath.Vector512) RuntimeHelpers.PrepareMethod(method.MakeGenericMethod(typeof(IntLanes512)).MethodHandle);
        else if (best == SimdPath.Vector256) RuntimeHelpers.PrepareMethod(method.MakeGenericMethod(typeof(IntLanes256)).MethodHandle);
        RuntimeHelpers.PrepareMethod(method.MakeGenericMethod(typeof(IntScalarLane)).MethodHandle);
    }

    /// <summary>
    /// Lane by lane the step of <see cref="CompartmentReference.Step"/>: decay u by 4096 − (du + 1) and add
    /// a_in &lt;&lt; 6, wrap once; decay v by 4096 − dv and add u and the bias, saturate; hold v at 0 while
    /// refractory; spike where v &gt; vth &lt;&lt; 6 and set v to 0 there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Next, int Spikes) Advance<L>(LoihiCompartments c, int i, int n, ref int aIn, Span<int> spiked)
        where L : struct, IIntLanes<L>
    {
        int count = c.Count;
        ref int u = ref MemoryMarshal.GetArrayDataReference(c.U);
        ref int v = ref MemoryMarshal.GetArrayDataReference(c.V);
        ref int r = ref MemoryMarshal.GetArrayDataReference(c.RefractoryCounter);
        ref int decayU = ref MemoryMarshal.GetArrayDataReference(c.DecayU);
        ref int decayV = ref MemoryMarshal.GetArrayDataReference(c.DecayV);
        ref int bias = ref MemoryMarshal.GetArrayDataReference(c.Bias);
        ref int vth = ref MemoryMarshal.GetArrayDataReference(c.ScaledThreshold);
        ref int refractory = ref MemoryMarshal.GetArrayDataReference(c.Refractory);
        L zero = L.Create(0), m = L.Create(LoihiFixedPoint.M), negM = L.Create(-LoihiFixedPoint.M),
            twoM = L.Create(2 * LoihiFixedPoint.M), vMax = L.Create(LoihiFixedPoint.M - 1),
            vMin = L.Create(-(LoihiFixedPoint.M - 1)), low = L.Create((1 << LoihiFixedPoint.DecayShift) - 1);
        for (; i <= count - L.Count; i += L.Count)
        {
            nuint k = (nuint)i;
            var a = L.Load(ref aIn, k);
            L.Store(zero, ref aIn, k);
            var u1 = Decay(L.Load(ref u, k), L.Load(ref decayU, k), zero, low) + L.ShiftLeft(a, LoihiFixedPoint.InputShift);
            u1 = L.Select(L.GreaterThan(u1, m), u1 - twoM, u1);
            u1 = L.Select(L.GreaterThanOrEqual(negM, u1), u1 + twoM, u1);
            L.Store(u1, ref u, k);
            var v1 = Decay(L.Load(ref v, k), L.Load(ref decayV, k), zero, low) + u1 + L.Load(ref bias, k);
            v1 = L.Min(L.Max(v1, vMin), vMax);
            var rr = L.Load(ref r, k);
            var held = L.GreaterThan(rr, zero);
            v1 = L.AndNot(v1, held);
            var spike = L.GreaterThan(v1, L.Load(ref vth, k));
            L.Store(L.AndNot(v1, spike), ref v, k);
            // held is −1 where the counter runs: adding it counts down.
            L.Store(L.Select(spike, L.Load(ref refractory, k), rr + held), ref r, k);
            n = NeuronSimd.AppendSpikes(L.Bits(spike), i, spiked, n);
        }
        return (i, n);
    }

    /// <summary>sign(x) · ⌊|x| · d / 4096⌋ modulo 2^32, with |x| read as unsigned (see the class remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static L Decay<L>(L x, L d, L zero, L low) where L : struct, IIntLanes<L>
    {
        var ax = L.Abs(x);
        var mag = L.ShiftRightLogical(ax, LoihiFixedPoint.DecayShift) * d
            + L.ShiftRightLogical(L.And(ax, low) * d, LoihiFixedPoint.DecayShift);
        return L.Select(L.GreaterThan(zero, x), zero - mag, mag);
    }
}
