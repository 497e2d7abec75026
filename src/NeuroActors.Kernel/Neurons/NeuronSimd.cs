using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NeuroActors.Kernel.Simd;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// What the neuron updates written over lanes share: which width to take, running an update at that width and the
/// scalar width for the tail, turning a vector's spike mask into ascending neuron indices, and compiling a group's
/// paths before its first step.
/// </summary>
internal static class NeuronSimd
{
    /// <summary>The widest vector path this machine runs.</summary>
    internal static SimdPath BestPath =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Avx.IsSupported && Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : SimdPath.Scalar;

    /// <summary>
    /// Runs <paramref name="update"/> over a group of <paramref name="count"/> neurons: through the vector width of
    /// <paramref name="path"/> (when the machine has it) while whole vectors are left, then one neuron at a time.
    /// Returns the number of spikes written to <paramref name="spiked"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Update<TUpdate>(TUpdate update, int count, Span<double> excitatory, Span<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked, SimdPath path) where TUpdate : struct, ILaneUpdate
    {
        // The lanes read their inputs without bounds checks.
        if (excitatory.Length < count || inhibitory.Length < count || current.Length < count)
            throw new ArgumentException($"input spans must hold {count} values");
        ref double ex = ref MemoryMarshal.GetReference(excitatory);
        ref double inh = ref MemoryMarshal.GetReference(inhibitory);
        ref double cur = ref MemoryMarshal.GetReference(current);
        (int Next, int Spikes) done = (0, 0);
        if (path == SimdPath.Vector512 && Avx512F.IsSupported)
            done = update.Advance<Lanes512>(0, 0, ref ex, ref inh, ref cur, spiked);
        else if (path >= SimdPath.Vector256 && Avx.IsSupported)
            done = update.Advance<Lanes256>(0, 0, ref ex, ref inh, ref cur, spiked);
        if (done.Next == count) return done.Spikes;
        return update.Advance<ScalarLane>(done.Next, done.Spikes, ref ex, ref inh, ref cur, spiked).Spikes;
    }

    /// <summary>Writes first + the index of every set bit of <paramref name="bits"/>, ascending.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int AppendSpikes(ulong bits, int first, Span<int> spiked, int n)
    {
        while (bits != 0)
        {
            spiked[n++] = first + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }
        return n;
    }

    private static readonly HashSet<Type> CompiledVector = new(), CompiledScalar = new();

    /// <summary>
    /// Compiles, before its first step, what <paramref name="group"/>'s update runs through on this machine when the
    /// group holds <paramref name="count"/> neurons (once per process and lane update): its <c>Update</c>,
    /// <see cref="Update{TUpdate}"/> for <paramref name="laneUpdate"/>, and every method of <paramref name="laneUpdate"/>
    /// that is generic over the lanes (<c>Advance</c> and any part of it in a method of its own) at the widest width,
    /// and at the scalar width when <paramref name="count"/> leaves a tail. Without it the first step of a timed run
    /// would compile them (see <see cref="Shard.Precompile"/>).
    /// </summary>
    internal static void Compile(VectorNeuronGroup group, Type laneUpdate, int count)
    {
        var path = BestPath;
        int width = path switch { SimdPath.Vector512 => Lanes512.Count, SimdPath.Vector256 => Lanes256.Count, _ => 1 };
        var widths = new List<Type>();
        lock (CompiledVector)
        {
            if (width > 1 && CompiledVector.Add(laneUpdate)) widths.Add(path == SimdPath.Vector512 ? typeof(Lanes512) : typeof(Lanes256));
            if (count % width != 0 && CompiledScalar.Add(laneUpdate)) widths.Add(typeof(ScalarLane));
            if (widths.Count == 0) return;
        }
        const BindingFlags instance = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        foreach (var update in group.GetType().GetMethods(instance))
            if (update.Name == nameof(NeuronGroup.Update) && !update.IsAbstract) RuntimeHelpers.PrepareMethod(update.MethodHandle);
        var dispatch = typeof(NeuronSimd).GetMethod(nameof(Update), BindingFlags.Static | BindingFlags.NonPublic)!;
        RuntimeHelpers.PrepareMethod(dispatch.MakeGenericMethod(laneUpdate).MethodHandle);
        foreach (var method in laneUpdate.GetMethods(instance | BindingFlags.DeclaredOnly))
            if (OverLanes(method))
                foreach (var lanes in widths) RuntimeHelpers.PrepareMethod(method.MakeGenericMethod(lanes).MethodHandle);
    }

    private static bool OverLanes(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition || method.GetGenericArguments() is not [var lanes]) return false;
        foreach (var constraint in lanes.GetGenericParameterConstraints())
            if (constraint.IsGenericType && constraint.GetGenericTypeDefinition() == typeof(IDoubleLanes<>)) return true;
        return false;
    }
}

/// <summary>Which instruction set a neuron update runs on.</summary>
internal enum SimdPath
{
    /// <summary>One neuron at a time.</summary>
    Scalar,
    /// <summary>Four doubles per instruction (AVX).</summary>
    Vector256,
    /// <summary>Eight doubles per instruction (AVX-512F).</summary>
    Vector512,
}
