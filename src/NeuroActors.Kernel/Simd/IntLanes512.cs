using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroActors.Kernel.Simd;

/// <summary>Sixteen int32 per instruction (AVX-512F); masks are lanes of all ones or all zeros.</summary>
internal readonly struct IntLanes512(Vector512<int> value) : IIntLanes<IntLanes512>
{
    private readonly Vector512<int> _value = value;

    public static int Count => Vector512<int>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Create(int value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Load(ref int source, nuint index) => new(Vector512.LoadUnsafe(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(IntLanes512 value, ref int destination, nuint index) => value._value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 operator +(IntLanes512 left, IntLanes512 right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 operator -(IntLanes512 left, IntLanes512 right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 operator *(IntLanes512 left, IntLanes512 right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 operator /(IntLanes512 left, IntLanes512 right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Equal(IntLanes512 left, IntLanes512 right) => new(Vector512.Equals(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 GreaterThan(IntLanes512 left, IntLanes512 right) => new(Vector512.GreaterThan(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 GreaterThanOrEqual(IntLanes512 left, IntLanes512 right) => new(Vector512.GreaterThanOrEqual(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Select(IntLanes512 mask, IntLanes512 ifTrue, IntLanes512 ifFalse) => new(Vector512.ConditionalSelect(mask._value, ifTrue._value, ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Or(IntLanes512 left, IntLanes512 right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 AndNot(IntLanes512 left, IntLanes512 right) => new(Vector512.AndNot(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(IntLanes512 mask) => mask._value.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 And(IntLanes512 left, IntLanes512 right) => new(left._value & right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 ShiftLeft(IntLanes512 value, int count) => new(Vector512.ShiftLeft(value._value, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 ShiftRightArithmetic(IntLanes512 value, int count) => new(Vector512.ShiftRightArithmetic(value._value, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 ShiftRightLogical(IntLanes512 value, int count) => new(Vector512.ShiftRightLogical(value._value, count));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Abs(IntLanes512 value) => new(Vector512.Abs(value._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Min(IntLanes512 left, IntLanes512 right) => new(Vector512.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntLanes512 Max(IntLanes512 left, IntLanes512 right) => new(Vector512.Max(left._value, right._value));
}
