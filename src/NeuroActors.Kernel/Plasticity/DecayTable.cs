using System.Runtime.CompilerServices;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// e^(−n·dt/τ) for whole numbers of steps n: every time difference a plastic synapse meets is one, so the first 4,096 are
/// tabulated and an update costs table loads instead of exponentials. Each value is what <see cref="Math.Exp"/> gives,
/// so the table changes no result.
/// </summary>
internal sealed class DecayTable
{
    /// <summary>Steps tabulated: <see cref="Of"/> is a load below it.</summary>
    public const int Size = 4096;
    private readonly double[] _values;
    private readonly double _rate;

    /// <summary>The table for <paramref name="rate"/> = dt / τ.</summary>
    public DecayTable(double rate)
    {
        _rate = rate;
        _values = new double[Size];
        for (int n = 0; n < Size; n++) _values[n] = Math.Exp(-n * rate);
    }

    /// <summary>e^(−n·dt/τ) for <paramref name="n"/> ≥ 0 steps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Of(long n) => (ulong)n < Size ? _values[n] : Math.Exp(-n * _rate);

    /// <summary><see cref="Of"/> for 0 ≤ <paramref name="n"/> &lt; <see cref="Size"/>, without the exponential beyond.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Tabulated(long n) => _values[n];
}
