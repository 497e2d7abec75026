using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroActors.Kernel.Neurons;

/// <summary>
/// What the vectorized neuron updates share: which instruction set to take, the check that lets them read their
/// inputs without bounds checks, and turning a vector's spike mask into ascending neuron indices.
/// </summary>
internal static class NeuronSimd
{
    /// <summary>The widest vector path this machine runs.</summary>
    internal static SimdPath BestPath =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? SimdPath.Vector512
        : Avx.IsSupported && Vector256.IsHardwareAccelerated ? SimdPath.Vector256
        : SimdPath.Scalar;

    /// <summary>Refuses input spans shorter than the group: the vector paths read them without bounds checks.</summary>
    internal static void CheckInputs(int count, ReadOnlySpan<double> excitatory, ReadOnlySpan<double> inhibitory, ReadOnlySpan<double> current)
    {
        if (excitatory.Length < count || inhibitory.Length < count || current.Length < count)
            throw new ArgumentException($"input spans must hold {count} values");
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
    /// Compiles the vectorized models' updates for the path this machine takes (see
    /// <see cref="Shard.WindowedShard.CompileHotPaths"/>).
    /// </summary>
    internal static void CompileHotPaths()
    {
        const System.Reflection.BindingFlags all = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic |
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly;
        string? vector = BestPath switch { SimdPath.Vector512 => "Update512", SimdPath.Vector256 => "Update256", _ => null };
        foreach (var type in new[] { typeof(IafCondExp), typeof(IafPscExp), typeof(IafPscDelta), typeof(Izhikevich) })
            foreach (var method in type.GetMethods(all))
            {
                if (method.Name != nameof(NeuronGroup.Update) && method.Name != vector) continue;
                if (!method.IsGenericMethodDefinition) RuntimeHelpers.PrepareMethod(method.MethodHandle);
                else foreach (var t in IafCondExp.ReversalKinds)
                        RuntimeHelpers.PrepareMethod(method.MakeGenericMethod(t).MethodHandle);
            }
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
