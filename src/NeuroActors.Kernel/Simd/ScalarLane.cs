using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NeuroActors.Kernel.Simd;

/// <summary>
/// One double at a time: the scalar loop, and the tail the vector widths leave. A mask is a double whose bits are all
/// ones or all zeros, compared and selected in the low lane of a 128-bit register, so the scalar path has no branch
/// but the vector widths' (a select costs as little as a branch that is predicted, and far less than one that is not).
/// </summary>
internal readonly struct ScalarLane(double value) : IDoubleLanes<ScalarLane>
{
    private readonly double _value = value;

    private Vector128<double> Register => Vector128.CreateScalarUnsafe(_value);

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
    public static ScalarLane Equal(ScalarLane left, ScalarLane right) => new(Vector128.Equals(left.Register, right.Register).ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane GreaterThan(ScalarLane left, ScalarLane right) => new(Vector128.GreaterThan(left.Register, right.Register).ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane GreaterThanOrEqual(ScalarLane left, ScalarLane right) => new(Vector128.GreaterThanOrEqual(left.Register, right.Register).ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Select(ScalarLane mask, ScalarLane ifTrue, ScalarLane ifFalse) =>
        new(Vector128.ConditionalSelect(mask.Register, ifTrue.Register, ifFalse.Register).ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane Or(ScalarLane left, ScalarLane right) => new((left.Register | right.Register).ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane AndNot(ScalarLane left, ScalarLane right) => new(Vector128.AndNot(left.Register, right.Register).ToScalar());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(ScalarLane mask) => BitConverter.DoubleToUInt64Bits(mask._value) >> 63;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ScalarLane LoadCounter(ref int source, nuint index) => new(Unsafe.Add(ref source, index));

    // The counter is whole and in range, where the native conversion (one instruction) and the cast agree.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreCounter(ScalarLane value, ref int destination, nuint index) =>
        Unsafe.Add(ref destination, index) = double.ConvertToIntegerNative<int>(value._value);
}
