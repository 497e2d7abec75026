namespace NeuroActors.Kernel.Simd;

/// <summary>
/// Lanes of 32-bit signed integers, for fixed-point updates written once for every width (Loihi's compartments).
/// Arithmetic wraps modulo 2^32 in every lane, as C#'s unchecked int arithmetic does, so a lane gives exactly what the
/// scalar loop gives. A mask is a lane of all ones (−1) or zero.
/// </summary>
/// <remarks>
/// Kept apart from the double lanes (its own interface and structs) so that adding it changes nothing the float
/// models compile to. Division is there because <see cref="ILanes{TSelf, T}"/> asks for it; no vector instruction
/// divides integers, so it is slow and the fixed-point updates use shifts instead.
/// </remarks>
internal interface IIntLanes<TSelf> : ILanes<TSelf, int>
    where TSelf : struct, IIntLanes<TSelf>
{
    /// <summary>Bitwise and.</summary>
    static abstract TSelf And(TSelf left, TSelf right);

    /// <summary>Each lane shifted left by <paramref name="count"/> (0..31), the bits above 32 dropped.</summary>
    static abstract TSelf ShiftLeft(TSelf value, int count);

    /// <summary>Each lane shifted right by <paramref name="count"/> (0..31), copies of the sign bit coming in (floor division by 2^count).</summary>
    static abstract TSelf ShiftRightArithmetic(TSelf value, int count);

    /// <summary>Each lane shifted right by <paramref name="count"/> (0..31), zeros coming in (the lane read as unsigned).</summary>
    static abstract TSelf ShiftRightLogical(TSelf value, int count);

    /// <summary>The absolute value; int.MinValue stays int.MinValue, which read as unsigned is its magnitude 2^31.</summary>
    static abstract TSelf Abs(TSelf value);

    /// <summary>The smaller of each pair of lanes.</summary>
    static abstract TSelf Min(TSelf left, TSelf right);

    /// <summary>The larger of each pair of lanes.</summary>
    static abstract TSelf Max(TSelf left, TSelf right);
}
