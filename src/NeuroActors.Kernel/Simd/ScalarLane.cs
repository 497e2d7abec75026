using System.Runtime.CompilerServices;

namespace NeuroActors.Kernel.Simd;

/// <summary>One double at a time: the scalar loop, and the tail the vector widths leave. Masks are bools.</summary>
internal readonly struct ScalarLane(double value) : IDoubleLanes<ScalarLane, bool>
{
    private readonly double _value = value;

    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Create(double value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Load(ref double source, nuint index) => new(Unsafe.Add(ref source, index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ScalarLane value, ref double destination, nuint index) => Unsafe.Add(ref destination, index) = value._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator +(ScalarLane left, ScalarLane right) => new(left._value + right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator -(ScalarLane left, ScalarLane right) => new(left._value - right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator *(ScalarLane left, ScalarLane right) => new(left._value * right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane operator /(ScalarLane left, ScalarLane right) => new(left._value / right._value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Equal(ScalarLane left, ScalarLane right) => left._value == right._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool GreaterThan(ScalarLane left, ScalarLane right) => left._value > right._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool GreaterThanOrEqual(ScalarLane left, ScalarLane right) => left._value >= right._value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Select(bool mask, ScalarLane ifTrue, ScalarLane ifFalse) => mask ? ifTrue : ifFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Or(bool left, bool right) => left | right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AndNot(bool left, bool right) => left & !right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(bool mask) => mask ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LoadCounter(ref int source, nuint index) => new(Unsafe.Add(ref source, index));

    // The counter is whole and in range, where the native conversion (one instruction) and the cast agree.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCounter(ScalarLane value, ref int destination, nuint index) =>
        Unsafe.Add(ref destination, index) = double.ConvertToIntegerNative<int>(value._value);
}
