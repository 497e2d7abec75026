using NeuroActors.Loihi;

namespace NeuroActors.Loihi.Tests;

/// <summary>Weight mantissas as Lava's clip_weights and truncate_weights make them, worked out by hand per sign mode.</summary>
public class SynapseFormatTests
{
    [Fact]
    public void SignModeIsDetectedFromAllTheWeights()
    {
        Assert.Equal(LoihiSignMode.Excitatory, LoihiSynapseFormat.DetectSignMode([1, 2, 0]));
        Assert.Equal(LoihiSignMode.Excitatory, LoihiSynapseFormat.DetectSignMode([0, 0]));
        Assert.Equal(LoihiSignMode.Excitatory, LoihiSynapseFormat.DetectSignMode([]));
        Assert.Equal(LoihiSignMode.Inhibitory, LoihiSynapseFormat.DetectSignMode([-1, 0, -3]));
        Assert.Equal(LoihiSignMode.Mixed, LoihiSynapseFormat.DetectSignMode([-1, 0, 2]));
        Assert.Equal(LoihiSignMode.Mixed, LoihiSynapseFormat.DetectSignMode([-0.5, 0.5]));
    }

    [Theory]
    // 8 bits: nothing dropped; clipped to [0, 255].
    [InlineData(8, 300, 255)]
    [InlineData(8, 100000, 255)]
    [InlineData(8, 255, 255)]
    [InlineData(8, 17, 17)]
    [InlineData(8, 0, 0)]
    // 6 bits: the low 2 bits dropped: 255 = 0b11111111 → 0b11111100 = 252; 17 → 16; 3 → 0.
    [InlineData(6, 255, 252)]
    [InlineData(6, 17, 16)]
    [InlineData(6, 3, 0)]
    // 1 bit: the low 7 dropped: 255 → 128, 127 → 0.
    [InlineData(1, 255, 128)]
    [InlineData(1, 127, 0)]
    public void Excitatory(int bits, long weight, int mantissa) =>
        Assert.Equal(mantissa, new LoihiSynapseFormat(LoihiSignMode.Excitatory, bits).Mantissa(weight));

    [Theory]
    // Mixed drops one more bit: at 8 bits the lowest, so odd weights lose 1, negative ones toward −∞ (floor).
    [InlineData(8, 255, 254)]
    [InlineData(8, 300, 254)]
    [InlineData(8, -256, -256)]
    [InlineData(8, -300, -256)]
    [InlineData(8, 7, 6)]
    [InlineData(8, -7, -8)]
    [InlineData(8, -100000, -256)]
    // 6 bits: 3 bits dropped: −7 → −8, −9 → −16, 9 → 8, 255 → 248.
    [InlineData(6, -7, -8)]
    [InlineData(6, -9, -16)]
    [InlineData(6, 9, 8)]
    [InlineData(6, 255, 248)]
    // 1 bit: all 8 dropped: only −256 and 0 remain.
    [InlineData(1, -1, -256)]
    [InlineData(1, 255, 0)]
    [InlineData(1, -256, -256)]
    public void Mixed(int bits, long weight, int mantissa) =>
        Assert.Equal(mantissa, new LoihiSynapseFormat(LoihiSignMode.Mixed, bits).Mantissa(weight));

    [Theory]
    // Inhibitory: the magnitude is clipped to [0, 255] and truncated, then negated back (so toward zero).
    [InlineData(8, -300, -255)]
    [InlineData(8, -17, -17)]
    [InlineData(8, -7, -7)]
    [InlineData(6, -7, -4)]
    [InlineData(6, -255, -252)]
    [InlineData(1, -255, -128)]
    [InlineData(1, -127, 0)]
    public void Inhibitory(int bits, long weight, int mantissa) =>
        Assert.Equal(mantissa, new LoihiSynapseFormat(LoihiSignMode.Inhibitory, bits).Mantissa(weight));

    [Fact]
    public void StoredMantissasCarryNonNegativeExponents()
    {
        var up = new LoihiSynapseFormat(LoihiSignMode.Excitatory, 8, 3);
        Assert.False(up.ShiftsAccumulatedSum);
        Assert.Equal(17 << 3, up.Stored(17));
        var down = new LoihiSynapseFormat(LoihiSignMode.Mixed, 8, -2);
        Assert.True(down.ShiftsAccumulatedSum);
        Assert.Equal(-6, down.Stored(-6));
    }

    [Fact]
    public void RefusesWhatLoihiHasNot()
    {
        Assert.Contains("num_weight_bits: got 0; valid values are 1..8", Assert.Throws<ArgumentOutOfRangeException>(() => new LoihiSynapseFormat(LoihiSignMode.Mixed, 0)).Message);
        Assert.Contains("num_weight_bits: got 9", Assert.Throws<ArgumentOutOfRangeException>(() => new LoihiSynapseFormat(LoihiSignMode.Mixed, 9)).Message);
        Assert.Contains("weight_exp: got -9; valid values are -8..7", Assert.Throws<ArgumentOutOfRangeException>(() => new LoihiSynapseFormat(LoihiSignMode.Mixed, 8, -9)).Message);
        Assert.Contains("weight_exp: got 8", Assert.Throws<ArgumentOutOfRangeException>(() => new LoihiSynapseFormat(LoihiSignMode.Mixed, 8, 8)).Message);
    }
}
