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
/// scalar width for the tail, turning a vector's spike mask into ascending neuron indices, and compiling the paths a
/// run takes before it starts.
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

    /// <summary>
    /// Compiles the neuron updates for the path this machine takes (see <see cref="Shard.WindowedShard.CompileHotPaths"/>).
    /// </summary>
    internal static void CompileHotPaths()
    {
        foreach (var method in HotPaths(BestPath)) RuntimeHelpers.PrepareMethod(method.MethodHandle);
    }

    /// <summary>
    /// The methods a group's update runs through on <paramref name="path"/>: every group's <c>Update</c>, and for every
    /// <see cref="ILaneUpdate"/> of the assembly (a generic one closed over every struct that meets its constraints,
    /// such as iaf_cond_exp's reversal kinds) <see cref="Update{TUpdate}"/> and its methods generic over the lanes
    /// (<c>Advance</c> and any part of it in a method of its own) at the path's width and the scalar width.
    /// </summary>
    internal static IEnumerable<MethodInfo> HotPaths(SimdPath path)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var widths = new List<Type> { typeof(ScalarLane) };
        if (path == SimdPath.Vector512) widths.Add(typeof(Lanes512));
        else if (path == SimdPath.Vector256) widths.Add(typeof(Lanes256));
        var types = typeof(NeuronSimd).Assembly.GetTypes();
        foreach (var group in types.Where(t => t.IsSubclassOf(typeof(NeuronGroup))))
            foreach (var update in group.GetMethods(declared).Where(m => m.Name == nameof(NeuronGroup.Update) && !m.IsAbstract))
                yield return update;
        var dispatch = typeof(NeuronSimd).GetMethod(nameof(Update), BindingFlags.Static | BindingFlags.NonPublic)!;
        foreach (var lanes in types.Where(t => t.IsValueType && t.GetInterfaces().Contains(typeof(ILaneUpdate))).SelectMany(t => Closed(t, types)))
        {
            yield return dispatch.MakeGenericMethod(lanes);
            // Advance, and any part of it the update keeps in a method of its own: every method generic over the lanes.
            foreach (var advance in lanes.GetMethods(declared).Where(OverLanes))
                foreach (var width in widths)
                    yield return advance.MakeGenericMethod(width);
        }
    }

    private static bool OverLanes(MethodInfo method) => method.IsGenericMethodDefinition && method.GetGenericArguments() is [var lanes] &&
        lanes.GetGenericParameterConstraints().Any(c => c.IsGenericType && c.GetGenericTypeDefinition() == typeof(IDoubleLanes<>));

    /// <summary>A type, or a generic struct closed over every combination of the structs that meet its constraints.</summary>
    private static IEnumerable<Type> Closed(Type type, Type[] candidates)
    {
        if (!type.IsGenericTypeDefinition) return [type];
        var choices = type.GetGenericArguments().Select(parameter => candidates.Where(c => c.IsValueType && !c.IsGenericTypeDefinition &&
            parameter.GetGenericParameterConstraints().All(constraint => constraint.IsAssignableFrom(c))).ToArray());
        return choices.Aggregate(new[] { Type.EmptyTypes }.AsEnumerable(), (combinations, choice) =>
                combinations.SelectMany(c => choice.Select(t => c.Append(t).ToArray())))
            .Select(type.MakeGenericType);
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
