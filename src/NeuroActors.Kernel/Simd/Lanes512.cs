using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroActors.Kernel.Simd;

/// <summary>Eight doubles per instruction (AVX-512F); masks are lanes of all ones or all zeros.</summary>
internal readonly struct Lanes512(Vector512<double> value) : IDoubleLanes<Lanes512>
{
    private readonly Vector512<double> _value = value;

    public static int Count => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Create(double value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Load(ref double source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes512 value, ref double destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator +(Lanes512 left, Lanes512 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator -(Lanes512 left, Lanes512 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator *(Lanes512 left, Lanes512 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 operator /(Lanes512 left, Lanes512 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Equal(Lanes512 left, Lanes512 right) => new(Vector512.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 GreaterThan(Lanes512 left, Lanes512 right) => new(Vector512.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 GreaterThanOrEqual(Lanes512 left, Lanes512 right) => new(Vector512.GreaterThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Select(Lanes512 mask, Lanes512 ifTrue, Lanes512 ifFalse) => new(Vector512.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 Or(Lanes512 left, Lanes512 right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 AndNot(Lanes512 left, Lanes512 right) => new(Vector512.AndNot(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(Lanes512 mask) => mask._value.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes512 LoadCounter(ref int source, nuint index) => new(Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref source, index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCounter(Lanes512 value, ref int destination, nuint index) =>
        Avx512F.ConvertToVector256Int32WithTruncation(value._value).StoreUnsafe(ref destination, index);
}
