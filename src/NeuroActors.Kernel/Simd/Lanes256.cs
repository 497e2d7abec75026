using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuroActors.Kernel.Simd;

/// <summary>Four doubles per instruction (AVX); masks are lanes of all ones or all zeros.</summary>
internal readonly struct Lanes256(Vector256<double> value) : IDoubleLanes<Lanes256>
{
    private readonly Vector256<double> _value = value;

    public static int Count => Vector256<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Create(double value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Load(ref double source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Lanes256 value, ref double destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator +(Lanes256 left, Lanes256 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator -(Lanes256 left, Lanes256 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator *(Lanes256 left, Lanes256 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 operator /(Lanes256 left, Lanes256 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Equal(Lanes256 left, Lanes256 right) => new(Vector256.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 GreaterThan(Lanes256 left, Lanes256 right) => new(Vector256.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 GreaterThanOrEqual(Lanes256 left, Lanes256 right) => new(Vector256.GreaterThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Select(Lanes256 mask, Lanes256 ifTrue, Lanes256 ifFalse) => new(Vector256.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 Or(Lanes256 left, Lanes256 right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 AndNot(Lanes256 left, Lanes256 right) => new(Vector256.AndNot(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(Lanes256 mask) => mask._value.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Lanes256 LoadCounter(ref int source, nuint index) => new(Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref source, index)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCounter(Lanes256 value, ref int destination, nuint index) =>
        Avx.ConvertToVector128Int32WithTruncation(value._value).StoreUnsafe(ref destination, index);
}
