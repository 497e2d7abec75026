using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NeuroActors.Training;

/// <summary>
/// Element-wise loops over spans with <see cref="Vector{T}"/>. Each element sees the same operations in the same order
/// as the scalar loop would (a product, then a sum: never fused), so vector width does not change a result.
/// </summary>
internal static class SpanMath
{
    /// <summary>dst[i] += src[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(Span<T> dst, ReadOnlySpan<T> src) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<T>.Count)
        {
            var d = MemoryMarshal.Cast<T, Vector<T>>(dst);
            var s = MemoryMarshal.Cast<T, Vector<T>>(src[..dst.Length]);
            for (int k = 0; k < d.Length; k++) d[k] += s[k];
            i = d.Length * Vector<T>.Count;
        }
        for (; i < dst.Length; i++) dst[i] += src[i];
    }

    /// <summary>dst[i] += a·src[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<T>(Span<T> dst, ReadOnlySpan<T> src, T a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<T>.Count)
        {
            var d = MemoryMarshal.Cast<T, Vector<T>>(dst);
            var s = MemoryMarshal.Cast<T, Vector<T>>(src[..dst.Length]);
            var va = new Vector<T>(a);
            for (int k = 0; k < d.Length; k++) d[k] += va * s[k];
            i = d.Length * Vector<T>.Count;
        }
        for (; i < dst.Length; i++) dst[i] += a * src[i];
    }

    /// <summary>dst[i] = a·dst[i] + src[i] (a leaky state update).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DecayAdd<T>(Span<T> dst, T a, ReadOnlySpan<T> src) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && dst.Length >= Vector<T>.Count)
        {
            var d = MemoryMarshal.Cast<T, Vector<T>>(dst);
            var s = MemoryMarshal.Cast<T, Vector<T>>(src[..dst.Length]);
            var va = new Vector<T>(a);
            for (int k = 0; k < d.Length; k++) d[k] = va * d[k] + s[k];
            i = d.Length * Vector<T>.Count;
        }
        for (; i < dst.Length; i++) dst[i] = a * dst[i] + src[i];
    }

    /// <summary>dst[c·rows + r] = src[r·cols + c]: the transpose of a row-major [rows, cols] matrix.</summary>
    public static void Transpose<T>(ReadOnlySpan<T> src, int rows, int cols, Span<T> dst)
    {
        for (int r = 0; r < rows; r++)
        {
            var row = src.Slice(r * cols, cols);
            for (int c = 0; c < cols; c++) dst[c * rows + r] = row[c];
        }
    }
}
