using NeuroActors.Runtime.Tests.Wire;
using NeuroActors.Runtime.Training;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

public class TensorBlocksTests(WireFixture wire) : IClassFixture<WireFixture>
{
    private static ParameterSet<float> Set(params int[] lengths) => new(lengths.Select((n, i) =>
        new ParameterTensor<float>($"t{i}", [n], Enumerable.Range(0, n).Select(v => BitConverter.Int32BitsToSingle(0x3F80_0000 + v * 7919 + i)).ToArray())).ToArray());

    [Theory]
    [InlineData(40)]
    [InlineData(12)]
    [InlineData(4)]
    [InlineData(1 << 20)]
    public void A_set_cut_into_blocks_is_put_back_bit_for_bit(int maxBytes)
    {
        var set = Set(5, 0, 17, 1, 9);
        var blocks = TensorBlocks.Split(set, maxBytes);
        Assert.Equal(Math.Max(1, (32 * 4 + maxBytes / 4 * 4 - 1) / (maxBytes / 4 * 4)), blocks.Count);
        Assert.True(blocks[^1].IsLast);
        Assert.All(blocks.SkipLast(1), b => Assert.False(b.IsLast));
        var back = TensorBlocks.Allocate<float>(blocks[0]);
        Assert.True(TensorBlocks.Fits(back, blocks[0]));
        // In any order: each block names its offset.
        foreach (var b in blocks.AsEnumerable().Reverse()) TensorBlocks.Write(back, b);
        Assert.Equal(TestTraining.Hash(set), TestTraining.Hash(back));
        Assert.Equal(set.Tensors.Select(t => (t.Name, t.Shape[0])), back.Tensors.Select(t => (t.Name, t.Shape[0])));
    }

    [Fact]
    public void A_block_of_the_wrong_precision_or_shape_is_refused()
    {
        var block = TensorBlocks.Split(Set(3))[0];
        Assert.Contains("precision differs", Assert.Throws<ArgumentException>(() => TensorBlocks.Allocate<double>(block)).Message);
        Assert.False(TensorBlocks.Fits(Set(4), block));
        Assert.Throws<ArgumentException>(() => TensorBlocks.Write(Set(4), block));
    }

    [Fact]
    public void The_largest_block_stays_under_a_default_remote_frame()
    {
        // Akka.Remote's default maximum-frame-size is 128,000 bytes: a full block with long names must fit in it.
        var names = Enumerable.Range(0, 40).Select(i => $"layer{i}.recurrent").ToArray();
        var set = new ParameterSet<double>(names.Select(n => new ParameterTensor<double>(n, [100, 100], new double[10_000])).ToArray());
        var blocks = TensorBlocks.Split(set);
        Assert.True(blocks.Count > 40);
        int largest = blocks.Max(b => wire.Serializer.ToBinary(new TrainingParameters(long.MaxValue, 2, b)).Length);
        Assert.InRange(largest, TensorBlocks.MaxBytes, 128_000);
        var gradient = new ChunkGradient(long.MaxValue, int.MaxValue, int.MaxValue - 1, int.MaxValue, new ChunkStats(1, 2, 3, new long[40]), blocks[0]);
        Assert.InRange(wire.Serializer.ToBinary(gradient).Length, TensorBlocks.MaxBytes, 128_000);
    }
}
