using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// Choices between two doubles made with a vector select instead of a branch: in a synapse update the condition is
/// often a coin toss (is the weight at its bound under an additive rule, did a postsynaptic spike erase the trace), and a
/// mispredicted branch costs more than computing both sides. The result is bitwise the one the branch would give.
/// </summary>
internal static class Branchless
{
    /// <summary><paramref name="condition"/> ? <paramref name="ifTrue"/> : <paramref name="ifFalse"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double If(bool condition, double ifTrue, double ifFalse) =>
        Select(Vector128.Create(-(long)(condition ? 1 : 0)).AsDouble(), ifTrue, ifFalse);

    /// <summary><paramref name="a"/> &lt; <paramref name="b"/> ? <paramref name="ifTrue"/> : <paramref name="ifFalse"/> (false when either is NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double IfLess(double a, double b, double ifTrue, double ifFalse) =>
        Select(Vector128.LessThan(Vector128.CreateScalarUnsafe(a), Vector128.CreateScalarUnsafe(b)), ifTrue, ifFalse);

    /// <summary><paramref name="ifTrue"/> where the first lane of <paramref name="mask"/> is all ones, else <paramref name="ifFalse"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Select(Vector128<double> mask, double ifTrue, double ifFalse) =>
        Vector128.ConditionalSelect(mask, Vector128.CreateScalarUnsafe(ifTrue), Vector128.CreateScalarUnsafe(ifFalse)).ToScalar();
}
