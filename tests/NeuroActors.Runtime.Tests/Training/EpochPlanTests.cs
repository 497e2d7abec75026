using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

public class EpochPlanTests
{
    [Fact]
    public void The_order_is_a_permutation_drawn_from_the_seed_and_epoch()
    {
        var plan = EpochPlan.For(7, 2, 1000, 64, 10);
        Assert.Equal(Enumerable.Range(0, 1000), plan.Order.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000), plan.Order);
        Assert.Equal(plan.Order, EpochPlan.For(7, 2, 1000, 64, 10).Order);
        Assert.NotEqual(plan.Order, EpochPlan.For(7, 3, 1000, 64, 10).Order);
        Assert.NotEqual(plan.Order, EpochPlan.For(8, 2, 1000, 64, 10).Order);
        // The batch and chunk sizes cut the order; they do not change it.
        Assert.Equal(plan.Order, EpochPlan.For(7, 2, 1000, 7, 3).Order);
    }

    [Fact]
    public void The_shuffle_is_Fisher_Yates_over_the_epochs_stream()
    {
        // Independently: from the last position down, swap with a uniform index drawn from the same stream.
        var rng = new NeuroActors.Kernel.Random.RandomStream(5, TrainingStreams.Shuffle(4), 0);
        var expected = Enumerable.Range(0, 50).ToArray();
        for (int i = 49; i > 0; i--)
        {
            int j = (int)(rng.NextDouble() * (i + 1));
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }
        Assert.Equal(expected, EpochPlan.Shuffle(5, 4, 50));
    }

    [Theory]
    [InlineData(70, 16, 5)]
    [InlineData(64, 16, 16)]
    [InlineData(10, 32, 3)]
    [InlineData(1, 1, 1)]
    [InlineData(0, 4, 2)]
    public void Batches_and_chunks_cover_the_order_once_in_order(int samples, int batch, int chunk)
    {
        var plan = EpochPlan.For(1, 0, samples, batch, chunk);
        Assert.Equal((samples + batch - 1) / batch, plan.Batches);
        var seen = new List<int>();
        for (int b = 0; b < plan.Batches; b++)
        {
            var (start, count) = plan.Batch(b);
            Assert.Equal(b * batch, start);
            Assert.Equal(b < plan.Batches - 1 ? batch : samples - b * batch, count);
            var inBatch = new List<int>();
            for (int c = 0; c < plan.Chunks(b); c++)
            {
                var samplesOfChunk = plan.Samples(b, c).ToArray();
                Assert.InRange(samplesOfChunk.Length, 1, chunk);
                if (c < plan.Chunks(b) - 1) Assert.Equal(chunk, samplesOfChunk.Length);
                inBatch.AddRange(samplesOfChunk);
            }
            Assert.Equal(plan.Order.AsSpan(start, count).ToArray(), inBatch);
            seen.AddRange(inBatch);
        }
        Assert.Equal(plan.Order, seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Batch(plan.Batches));
    }

    [Fact]
    public void Evaluation_chunks_tile_the_test_set()
    {
        Assert.Equal(new[] { (0, 5), (5, 5), (10, 2) }, EpochPlan.EvaluationChunks(12, 5));
        Assert.Empty(EpochPlan.EvaluationChunks(0, 5));
    }
}
