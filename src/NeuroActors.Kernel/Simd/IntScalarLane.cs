using System.Runtime.CompilerServices;

namespace NeuroActors.Kernel.Simd;

/// <summary>
/// One int32 at a time: the scalar width of the fixed-point updates and the tail the vector widths leave. Masks are
/// −1 or 0 and selects are bitwise, so the scalar path has no data-dependent branch either.
/// </summary>
internal readonly struct IntScalarLane(int value) : IIntLanes<IntScalarLane>
{
    private readonly int _value = value;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Create(int value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Load(ref int source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(IntScalarLane value, ref int destination, nuint index) => Unsafe.Add(ref destination, index) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane operator +(IntScalarLane left, IntScalarLane right) => new(unchecked(left._value + right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane operator -(IntScalarLane left, IntScalarLane right) => new(unchecked(left._value - right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane operator *(IntScalarLane left, IntScalarLane right) => new(unchecked(left._value * right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane operator /(IntScalarLane left, IntScalarLane right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Equal(IntScalarLane left, IntScalarLane right) => Mask(left._value == right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane GreaterThan(IntScalarLane left, IntScalarLane right) => Mask(left._value > right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane GreaterThanOrEqual(IntScalarLane left, IntScalarLane right) => Mask(left._value >= right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Select(IntScalarLane mask, IntScalarLane ifTrue, IntScalarLane ifFalse) =>
        new((mask._value & ifTrue._value) | (~mask._value & ifFalse._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Or(IntScalarLane left, IntScalarLane right) => new(left._value | right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane AndNot(IntScalarLane left, IntScalarLane right) => new(left._value & ~right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(IntScalarLane mask) => (uint)mask._value >> 31;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane And(IntScalarLane left, IntScalarLane right) => new(left._value & right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane ShiftLeft(IntScalarLane value, int count) => new(value._value << count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane ShiftRightArithmetic(IntScalarLane value, int count) => new(value._value >> count);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane ShiftRightLogical(IntScalarLane value, int count) => new(value._value >>> count);

    // Wraps at int.MinValue as the vector instructions do (Math.Abs would throw).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Abs(IntScalarLane value) => new(unchecked((value._value ^ (value._value >> 31)) - (value._value >> 31)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Min(IntScalarLane left, IntScalarLane right) => new(Math.Min(left._value, right._value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static IntScalarLane Max(IntScalarLane left, IntScalarLane right) => new(Math.Max(left._value, right._value));

    // −1 where true: the bool's 0/1 negated, without a branch.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static IntScalarLane Mask(bool value) => new(-Unsafe.As<bool, byte>(ref value));
}
