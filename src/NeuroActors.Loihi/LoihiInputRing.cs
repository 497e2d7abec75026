using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuroActors.Loihi;

/// <summary>
/// Synaptic input waiting for its step: one ring of 64 step slots per input group, an int per target per slot. A spike
/// emitted at step t through a synapse of delay d (1..62 steps) is added at slot t + d and is in the target's a_in at
/// step t + d (d = 1 is Lava's one-step latency).
/// </summary>
/// <remarks>
/// Group 0 sums every projection whose exponent is 0 or more, its mantissas already shifted when stored
/// (<see cref="LoihiSynapseFormat.Stored"/>); each projection with a negative exponent has a group of its own, whose
/// sum is shifted right (floor) when the step reads it, as Lava's Dense shifts its own sum before the target adds its
/// inputs. Integer sums do not depend on the order of the additions, so delivery order never matters. Nothing is
/// allocated per step.
/// </remarks>
public sealed class LoihiInputRing
{
    /// <summary>The longest delay in steps (6 bits, as Loihi's).</summary>
    public const int MaxDelay = 62;

    /// <summary>Step slots per ring: a power of two above <see cref="MaxDelay"/>.</summary>
    private const int Slots = 64;

    private readonly int[][] _rings;
    private readonly int[] _shifts;

    /// <summary>Creates the rings for <paramref name="targets"/> compartments.</summary>
    /// <param name="targets">Number of target compartments.</param>
    /// <param name="rightShifts">
    /// Per group, the right shift its sum takes when read: 0 for group 0 (the projections of exponent 0 or more),
    /// −weight_exp for each group of a projection with a negative exponent.
    /// </param>
    public LoihiInputRing(int targets, IReadOnlyList<int> rightShifts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targets);
        if (rightShifts.Count == 0) throw new ArgumentException("at least one input group is needed", nameof(rightShifts));
        Targets = targets;
        _shifts = [.. rightShifts];
        foreach (int s in _shifts) ArgumentOutOfRangeException.ThrowIfNotEqual(s is >= 0 and <= 31, true, nameof(rightShifts));
        _rings = new int[_shifts.Length][];
        for (int g = 0; g < _rings.Length; g++) _rings[g] = new int[Slots * targets];
    }

    /// <summary>Number of target compartments.</summary>
    public int Targets { get; }

    /// <summary>Number of input groups.</summary>
    public int Groups => _shifts.Length;

    /// <summary>Throws unless <paramref name="steps"/> is a delay Loihi has; <paramref name="what"/> names the synapse in the message.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A delay outside 1..62 steps.</exception>
    public static void CheckDelay(int steps, string what)
    {
        if (steps is < 1 or > MaxDelay)
            throw new ArgumentOutOfRangeException(nameof(steps), $"{what}: delay of {steps} steps; Loihi delays are 1..{MaxDelay} steps");
    }

    /// <summary>Adds <paramref name="value"/> to target <paramref name="target"/>'s input of group <paramref name="group"/> at step <paramref name="step"/> (fewer than 64 steps ahead of the step read next).</summary>
    public void Add(int group, long step, int target, int value)
    {
        ref int slot = ref _rings[group][(int)(step & (Slots - 1)) * Targets + target];
        slot = unchecked(slot + value);
    }

    /// <summary>What group <paramref name="group"/> holds for <paramref name="target"/> at <paramref name="step"/>, unshifted.</summary>
    public int Get(int group, long step, int target) => _rings[group][(int)(step & (Slots - 1)) * Targets + target];

    /// <summary>
    /// Adds step <paramref name="step"/>'s input to <paramref name="aIn"/> (each group's sum shifted by its exponent)
    /// and clears the slot for step + 64.
    /// </summary>
    public void Take(long step, Span<int> aIn)
    {
        int start = (int)(step & (Slots - 1)) * Targets;
        for (int g = 0; g < _rings.Length; g++)
        {
            var slot = _rings[g].AsSpan(start, Targets);
            Accumulate(slot, aIn, _shifts[g]);
            slot.Clear();
        }
    }

    /// <summary>
    /// The a_in that step <paramref name="step"/> will give <paramref name="target"/> from what the ring holds now (each
    /// group's sum shifted by its exponent), without taking it.
    /// </summary>
    public int Peek(long step, int target)
    {
        int a = 0, at = (int)(step & (Slots - 1)) * Targets + target;
        for (int g = 0; g < _rings.Length; g++) a = unchecked(a + (_rings[g][at] >> _shifts[g]));
        return a;
    }

    /// <summary>Clears every slot (a reset).</summary>
    public void Clear()
    {
        foreach (var ring in _rings) Array.Clear(ring);
    }

    private static void Accumulate(ReadOnlySpan<int> slot, Span<int> aIn, int shift)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var source = MemoryMarshal.Cast<int, Vector<int>>(slot);
            var target = MemoryMarshal.Cast<int, Vector<int>>(aIn[..slot.Length]);
            for (int k = 0; k < source.Length; k++) target[k] += Vector.ShiftRightArithmetic(source[k], shift);
            i = source.Length * Vector<int>.Count;
        }
        for (; i < slot.Length; i++) aIn[i] = unchecked(aIn[i] + (slot[i] >> shift));
    }
}
