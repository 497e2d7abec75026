using NeuroActors.Loihi;

namespace NeuroActors.Loihi.Tests;

/// <summary>Delays and per-projection exponents of the integer input, driven by hand into compartments.</summary>
public class InputRingTests
{
    /// <summary>
    /// A compartment with du = 4095 (u is this step's input only) and a ring, driven step by step: a spike at
    /// <paramref name="spikeStep"/> through a synapse of mantissa 5 and delay <paramref name="delay"/>. Returns u per step.
    /// </summary>
    private static int[] Drive(int delay, int spikeStep, int steps)
    {
        var c = new LoihiCompartments(1);
        c.SetParameter("du", [4095]);
        c.SetParameter("vth", [131071]);
        var ring = new LoihiInputRing(1, [0]);
        var aIn = new int[1];
        var u = new int[steps];
        for (int t = 0; t < steps; t++)
        {
            if (t == spikeStep) ring.Add(0, t + delay, 0, 5);
            ring.Take(t, aIn);
            c.Step(t, aIn, new int[1]);
            u[t] = c.U[0];
        }
        return u;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(62)]
    public void ASpikeAtTWithDelayDIsInTheInputAtTPlusD(int delay)
    {
        const int spikeStep = 3;
        var u = Drive(delay, spikeStep, 200);
        for (int t = 0; t < u.Length; t++) Assert.Equal(t == spikeStep + delay ? 5 << 6 : 0, u[t]);
    }

    [Fact]
    public void SlotsAreReusedCleanly()
    {
        var ring = new LoihiInputRing(2, [0]);
        var aIn = new int[2];
        for (long t = 0; t < 300; t++)
        {
            ring.Add(0, t + 62, 1, 1);
            ring.Add(0, t + 1, 0, 2);
            ring.Take(t, aIn);
            Assert.Equal(t >= 1 ? 2 : 0, aIn[0]);
            Assert.Equal(t >= 62 ? 1 : 0, aIn[1]);
            Array.Clear(aIn);
        }
    }

    [Fact]
    public void NegativeExponentsFloorEachProjectionsOwnSum()
    {
        // Two projections of exponent −1, each delivering mantissa 1 to the same target at step 0:
        // Lava computes (1 >> 1) + (1 >> 1) = 0, not (1 + 1) >> 1 = 1.
        var ring = new LoihiInputRing(1, [0, 1, 1]);
        ring.Add(1, 0, 0, 1);
        ring.Add(2, 0, 0, 1);
        var aIn = new int[1];
        ring.Take(0, aIn);
        Assert.Equal(0, aIn[0]);
        // Floor for negative sums: −3 >> 1 = −2 (not −1), plus 7 from group 0 (exponent ≥ 0, already shifted), plus
        // 5 >> 2 = 1 in a group of exponent −2: 7 − 2 + 1 = 6.
        var mixed = new LoihiInputRing(1, [0, 1, 2]);
        mixed.Add(0, 4, 0, 7);
        mixed.Add(1, 4, 0, -3);
        mixed.Add(2, 4, 0, 5);
        mixed.Take(4, aIn);
        Assert.Equal(6, aIn[0]);
    }

    [Fact]
    public void TakeVectorisesOverManyTargets()
    {
        // 37 targets: whole vectors and a tail, each group shifted (floor) before it is added.
        var ring = new LoihiInputRing(37, [0, 3]);
        var aIn = new int[37];
        for (int i = 0; i < 37; i++)
        {
            ring.Add(0, 9, i, i);
            ring.Add(1, 9, i, -i * 5);
        }
        ring.Take(9, aIn);
        for (int i = 0; i < 37; i++) Assert.Equal(i + (int)Math.Floor(-i * 5 / 8.0), aIn[i]);
    }

    [Fact]
    public void DelaysOutsideOneToSixtyTwoAreRefused()
    {
        LoihiInputRing.CheckDelay(1, "x");
        LoihiInputRing.CheckDelay(62, "x");
        Assert.Contains("projections[2]: delay of 0 steps; Loihi delays are 1..62 steps",
            Assert.Throws<ArgumentOutOfRangeException>(() => LoihiInputRing.CheckDelay(0, "projections[2]")).Message);
        Assert.Contains("delay of 63 steps", Assert.Throws<ArgumentOutOfRangeException>(() => LoihiInputRing.CheckDelay(63, "p")).Message);
    }
}
