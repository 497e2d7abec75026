using NeuroActors.Loihi.Cores;

namespace NeuroActors.Loihi.Tests.Cores;

public class SynapseMemoryTests
{
    [Theory]
    [InlineData(1, 18, 64)]      // 18 + 10 header bits → one 64-bit word
    [InlineData(3, 18, 64)]      // 54 + 10 = 64 exactly
    [InlineData(4, 18, 128)]     // 72 + 10 = 82 → two words
    [InlineData(64, 18, 1216)]   // 1152 + 10 = 1162 → 19 words
    [InlineData(65, 18, 1280)]   // a second group of one synapse: 28 → one word
    [InlineData(0, 18, 0)]
    public void Synapses_of_an_axon_are_grouped_by_64_with_a_header_and_rounded_to_words(int synapses, int bitsPerSynapse, long expected) =>
        Assert.Equal(expected, SynapseMemory.BitsPerAxon(synapses, bitsPerSynapse));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 6)]
    [InlineData(63, 6)]
    [InlineData(64, 7)]
    [InlineData(1023, 10)]
    [InlineData(4095, 12)]
    [InlineData(8191, 13)]
    public void Index_fields_take_the_hardware_widths(int largestIndex, int bits) => Assert.Equal(bits, SynapseMemory.IndexBits(largestIndex));

    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 6)]
    [InlineData(7, 8)]
    [InlineData(8, 8)]
    public void Weight_mantissas_take_0_to_6_or_8_bits(int numWeightBits, int stored) => Assert.Equal(stored, SynapseMemory.StoredWeightBits(numWeightBits));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(33, 6)]
    [InlineData(62, 6)]
    public void Delay_fields_hold_the_delay_beyond_one_step(int maxDelay, int bits) => Assert.Equal(bits, SynapseMemory.DelayBits(maxDelay));
}
