using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// How a synapse update computes its decays and the powers of its weight dependence. Both implementations give
/// bitwise the same values where both apply; <see cref="TabulatedMath"/> calls nothing, so that the delivery loop
/// compiled with it keeps its variables in registers (every call in a loop spills the floating-point ones).
/// </summary>
internal interface IUpdateMath
{
    /// <summary>e^(−n·dt/τ) from <paramref name="table"/>.</summary>
    static abstract double Decay(DecayTable table, long n);

    /// <summary><paramref name="x"/> to the power <paramref name="mu"/>; <paramref name="isOne"/> is all ones when it is 1.</summary>
    static abstract double Power(double x, double mu, Vector128<double> isOne);
}

/// <summary>Any number of steps, any exponent: <see cref="DecayTable.Of"/> and <see cref="StdpRule.Power"/>.</summary>
internal readonly struct ExactMath : IUpdateMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Decay(DecayTable table, long n) => table.Of(n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Power(double x, double mu, Vector128<double> isOne) => StdpRule.Power(x, mu);
}

/// <summary>
/// Only where the caller has checked that every decay is within the table (0 ≤ n &lt; <see cref="DecayTable.Size"/>)
/// and every exponent is 0 or 1 (<see cref="StdpRule.SimplePowers"/>).
/// </summary>
internal readonly struct TabulatedMath : IUpdateMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Decay(DecayTable table, long n) => table.Tabulated(n);

    // x^1 = x and x^0 = 1 exactly, as pow gives them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Power(double x, double mu, Vector128<double> isOne) => Branchless.Select(isOne, x, 1);
}
