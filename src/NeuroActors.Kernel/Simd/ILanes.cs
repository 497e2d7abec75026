using System.Numerics;

namespace NeuroActors.Kernel.Simd;

/// <summary>
/// One vector width, for updates written once in the manner of TensorPrimitives' operator structs: a value of
/// <typeparamref name="TSelf"/> holds <see cref="Count"/> lanes of <typeparamref name="T"/> and has their arithmetic
/// as operators. A mask is a value of <typeparamref name="TSelf"/> whose lanes have all bits set or none, as the
/// vector comparisons give them.
/// </summary>
/// <remarks>
/// Every operation is the one a scalar loop does on each lane, so the same update gives bitwise the same results at
/// every width. The vector types' own operator interfaces (<c>ISimdVector&lt;TSelf, T&gt;</c> among them) are not
/// public in .NET 10, hence a struct per width around <c>Vector256&lt;T&gt;</c>, <c>Vector512&lt;T&gt;</c> or one
/// value. Lanes of another element type (Loihi's int32 state) implement this with their own <typeparamref name="T"/>
/// and add what only they need, as <see cref="IDoubleLanes{TSelf}"/> does for doubles.
/// </remarks>
internal interface ILanes<TSelf, T> :
    IAdditionOperators<TSelf, TSelf, TSelf>, ISubtractionOperators<TSelf, TSelf, TSelf>,
    IMultiplyOperators<TSelf, TSelf, TSelf>, IDivisionOperators<TSelf, TSelf, TSelf>
    where TSelf : struct, ILanes<TSelf, T>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TSelf Create(T value);

    /// <summary>The <see cref="Count"/> values from <paramref name="source"/>[<paramref name="index"/>] on, unchecked.</summary>
    static abstract TSelf Load(ref T source, nuint index);

    /// <summary>Writes the lanes to <paramref name="destination"/>[<paramref name="index"/>] on, unchecked.</summary>
    static abstract void Store(TSelf value, ref T destination, nuint index);

    /// <summary>Where <paramref name="left"/> equals <paramref name="right"/>.</summary>
    static abstract TSelf Equal(TSelf left, TSelf right);

    /// <summary>Where <paramref name="left"/> is greater than <paramref name="right"/>.</summary>
    static abstract TSelf GreaterThan(TSelf left, TSelf right);

    /// <summary>Where <paramref name="left"/> is greater than or equal to <paramref name="right"/>.</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf left, TSelf right);

    /// <summary>Lane by lane <paramref name="ifTrue"/> where <paramref name="mask"/> is set, else <paramref name="ifFalse"/>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf ifTrue, TSelf ifFalse);

    /// <summary>Where either mask is set.</summary>
    static abstract TSelf Or(TSelf left, TSelf right);

    /// <summary>Where <paramref name="left"/> is set and <paramref name="right"/> is not.</summary>
    static abstract TSelf AndNot(TSelf left, TSelf right);

    /// <summary>One bit per lane, lane 0 lowest: the lanes whose flag is set.</summary>
    static abstract ulong Bits(TSelf mask);
}

/// <summary>Lanes of doubles, with the conversion of an int32 counter per lane (a refractory countdown) to and from them.</summary>
internal interface IDoubleLanes<TSelf> : ILanes<TSelf, double>
    where TSelf : struct, IDoubleLanes<TSelf>
{
    /// <summary>
    /// The ints from <paramref name="source"/>[<paramref name="index"/>] on, one per lane, as doubles (exact for every
    /// int), so that their masks line up with the lanes of doubles.
    /// </summary>
    static abstract TSelf LoadCounter(ref int source, nuint index);

    /// <summary>
    /// Writes whole-valued lanes back as ints. A lane outside the int range (which no run makes) becomes what the
    /// machine's conversion makes of it: int.MinValue on x86 at every width.
    /// </summary>
    static abstract void StoreCounter(TSelf value, ref int destination, nuint index);
}
