using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroActors.Kernel.Simd;

/// <summary>Eight int32 per instruction (AVX2); masks are lanes of all ones or all zeros.</summary>
internal readonly struct IntLanes256(Vector256<int> value) : IIntLanes<IntLanes256>
{
    private readonly Vector256<int> _value = value;

    public static int Count => Vector256<int>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Create(int value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Load(ref int source, nuint index) => new(Vector256.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(IntLanes256 value, ref int destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 operator +(IntLanes256 left, IntLanes256 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 operator -(IntLanes256 left, IntLanes256 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 operator *(IntLanes256 left, IntLanes256 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 operator /(IntLanes256 left, IntLanes256 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Equal(IntLanes256 left, IntLanes256 right) => new(Vector256.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 GreaterThan(IntLanes256 left, IntLanes256 right) => new(Vector256.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 GreaterThanOrEqual(IntLanes256 left, IntLanes256 right) => new(Vector256.GreaterThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Select(IntLanes256 mask, IntLanes256 ifTrue, IntLanes256 ifFalse) => new(Vector256.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Or(IntLanes256 left, IntLanes256 right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 AndNot(IntLanes256 left, IntLanes256 right) => new(Vector256.AndNot(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(IntLanes256 mask) => mask._value.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 And(IntLanes256 left, IntLanes256 right) => new(left._value & right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 ShiftLeft(IntLanes256 value, int count) => new(Vector256.ShiftLeft(value._value, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 ShiftRightArithmetic(IntLanes256 value, int count) => new(Vector256.ShiftRightArithmetic(value._value, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 ShiftRightLogical(IntLanes256 value, int count) => new(Vector256.ShiftRightLogical(value._value, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Abs(IntLanes256 value) => new(Vector256.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Min(IntLanes256 left, IntLanes256 right) => new(Vector256.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes256 Max(IntLanes256 left, IntLanes256 right) => new(Vector256.Max(left._value, right._value));
}
