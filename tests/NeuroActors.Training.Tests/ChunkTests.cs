using System.Numerics;

namespace NeuroActors.Training.Tests;

/// <summary>Accumulate over a chunk against per-sample calls, Evaluate against Forward, both precisions.</summary>
public class ChunkTests
{
    private static TrainingNetworkSpec Spec(Precision precision = Precision.Float32) => Nets.Net(20,
        [Nets.Lif(16, beta: 0.9, gain: 3, bias: true, recurrent: true, learnBeta: true, learnThreshold: true, detach: false,
            adaptation: new AdaptationSpec(0.9, 0.2, true, false))],
        new ReadoutSpec(4, 0.9, 0.5, true, new WeightInit()), new SurrogateSpec(SurrogateKind.FastSigmoid, 25),
        new LossSpec(LossKind.CrossEntropyMaxMembrane), new RegularizerSpec(L1: 1e-3, Upper: 1e-2, UpperCount: 3), precision);

    [Fact]
    public void ChunkEqualsItsSamplesOneByOneBitwiseInFloat() => ChunkEqualsSamplesOneByOne<float>();

    [Fact]
    public void ChunkEqualsItsSamplesOneByOneBitwiseInDouble() => ChunkEqualsSamplesOneByOne<double>();

    private static void ChunkEqualsSamplesOneByOne<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var spec = Spec();
        var p = NetworkInit.Create<T>(spec, 3);
        var data = Nets.Random(8, 6, 40, 20, 4, 0.08);
        var engine = new GradientEngine<T>(spec);
        int[] chunk = [4, 1, 5, 0, 2];
        var start = NetworkInit.Create<T>(spec, 99); // a gradient that already holds a sum: the order of addition matters

        var whole = start.Clone();
        var stats = engine.Accumulate(p, data, chunk, whole);

        var oneByOne = start.Clone();
        var sum = ChunkStats.Empty(1);
        foreach (int s in chunk) sum = sum.Plus(new GradientEngine<T>(spec).Accumulate(p, data, [s], oneByOne));

        for (int k = 0; k < whole.Tensors.Count; k++)
            Assert.Equal(oneByOne.Tensors[k].Values, whole.Tensors[k].Values);
        Assert.Equal(sum.LossSum, stats.LossSum);
        Assert.Equal(sum.Correct, stats.Correct);
        Assert.Equal(sum.SpikesPerLayer, stats.SpikesPerLayer);
        Assert.Equal(chunk.Length, stats.Samples);
        Assert.True(stats.SpikesPerLayer[0] > 0);
        Assert.True(whole.Tensors.All(t => t.Values.Any(v => v != T.Zero)));
    }

    [Fact]
    public void ConcurrentCallsOnOneEngineGiveTheSerialResult()
    {
        var spec = Spec();
        var p = NetworkInit.Create<float>(spec, 3);
        var data = Nets.Random(8, 8, 40, 20, 4, 0.08);
        var engine = new GradientEngine<float>(spec);
        var serial = new[] { p.ZerosLike(), p.ZerosLike() };
        engine.Accumulate(p, data, [0, 1, 2, 3], serial[0]);
        engine.Accumulate(p, data, [4, 5, 6, 7], serial[1]);
        var parallel = new[] { p.ZerosLike(), p.ZerosLike() };
        for (int round = 0; round < 5; round++)
        {
            foreach (var g in parallel) g.Clear();
            Parallel.For(0, 2, i => engine.Accumulate(p, data, i == 0 ? [0, 1, 2, 3] : [4, 5, 6, 7], parallel[i]));
            for (int i = 0; i < 2; i++)
                for (int k = 0; k < p.Tensors.Count; k++)
                    Assert.Equal(serial[i].Tensors[k].Values, parallel[i].Tensors[k].Values);
        }
    }

    [Theory]
    [InlineData(LossKind.CrossEntropyMaxMembrane)]
    [InlineData(LossKind.CrossEntropyLastMembrane)]
    [InlineData(LossKind.CrossEntropySpikeCount)]
    [InlineData(LossKind.MseSpikeCount)]
    public void EvaluatePredictsTheArgmaxOfForwardScores(LossKind kind)
    {
        bool counts = kind is LossKind.CrossEntropySpikeCount or LossKind.MseSpikeCount;
        var spec = Nets.Net(20, counts ? [Nets.Lif(12, gain: 3), Nets.Lif(4, gain: 3)] : [Nets.Lif(12, gain: 3)],
            counts ? null : new ReadoutSpec(4, 0.9, 0, false, new WeightInit()),
            new SurrogateSpec(SurrogateKind.Arctan, 2), new LossSpec(kind));
        var p = NetworkInit.Create<double>(spec, 5);
        var data = Nets.Random(2, 12, 30, 20, 4, 0.1);
        var engine = new GradientEngine<double>(spec);
        int[] samples = [3, 0, 7, 11, 5, 2];
        var predictions = new int[samples.Length];
        var stats = engine.Evaluate(p, data, samples, predictions);
        double loss = 0; int correct = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            var r = engine.Forward(p, data, samples[i]);
            int argmax = Array.IndexOf(r.Scores, r.Scores.Max());
            Assert.Equal(argmax, predictions[i]);
            Assert.Equal(argmax, r.Prediction);
            loss += r.Loss;
            if (argmax == data.Labels[samples[i]]) correct++;
        }
        Assert.Equal(loss, stats.LossSum);
        Assert.Equal(correct, stats.Correct);
        // Accumulate reports the same statistics.
        var g = p.ZerosLike();
        var acc = engine.Accumulate(p, data, samples, g);
        Assert.Equal(stats.LossSum, acc.LossSum);
        Assert.Equal(stats.SpikesPerLayer, acc.SpikesPerLayer);
    }

    [Fact]
    public void MseCountLossIsSnnTorchs()
    {
        // One output layer of 3 neurons, 10 steps; correct_rate 0.75 → target ⌊7.5⌋ = 7, incorrect 0.25 → ⌊2.5⌋ = 2;
        // loss = mean_c (count_c − target_c)² / steps.
        var spec = Nets.Net(3, [Nets.Lif(3, gain: 3)], null, new SurrogateSpec(SurrogateKind.FastSigmoid, 25),
            new LossSpec(LossKind.MseSpikeCount, 0.75, 0.25));
        var p = NetworkInit.Create<double>(spec, 1);
        var data = Nets.Random(1, 1, 10, 3, 3, 0.5);
        var r = new GradientEngine<double>(spec).Forward(p, data, 0);
        var counts = Enumerable.Range(0, 3).Select(c => Enumerable.Range(0, 10).Sum(t => r.Spikes[0][t * 3 + c])).ToArray();
        Assert.Equal(counts, r.Scores);
        double expected = Enumerable.Range(0, 3).Sum(c => Math.Pow(counts[c] - (c == data.Labels[0] ? 7 : 2), 2)) / 3 / 10;
        Assert.Equal(expected, r.Loss, 1e-15);
    }

    [Theory]
    [InlineData(SurrogateKind.FastSigmoid, true, false, 16, ResetMode.Subtract)]
    [InlineData(SurrogateKind.Arctan, false, true, 13, ResetMode.Subtract)]
    [InlineData(SurrogateKind.Triangle, false, false, 37, ResetMode.Subtract)]
    [InlineData(SurrogateKind.FastSigmoid, true, true, 16, ResetMode.Zero)]
    [InlineData(SurrogateKind.Arctan, false, true, 13, ResetMode.Zero)]
    [InlineData(SurrogateKind.Triangle, false, false, 37, ResetMode.Zero)]
    public void VectorNeuronLoopsEqualTheScalarOnesBitwise(SurrogateKind kind, bool detach, bool extras, int size, ResetMode reset)
    {
        Check<float>(); Check<double>();

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            var spec = Nets.Net(20,
                [Nets.Lif(size, beta: 0.9, gain: 4, reset: reset, detach: detach, bias: extras, recurrent: extras, alpha: extras ? 0.5 : 0,
                    learnBeta: true, learnThreshold: true), Nets.Lif(9, gain: 3, reset: reset, detach: detach)],
                new ReadoutSpec(4, 0.9, 0, false, new WeightInit()), new SurrogateSpec(kind, kind == SurrogateKind.Triangle ? 1 : 5, 0.3),
                new LossSpec(LossKind.CrossEntropyMaxMembrane));
            var p = NetworkInit.Create<T>(spec, 3);
            Nets.Spread(spec, p, 2);
            var data = Nets.Random(8, 4, 40, 20, 4, 0.1);
            var vector = p.ZerosLike(); var scalar = p.ZerosLike();
            var sv = new GradientEngine<T>(spec, false, vectorNeurons: true).Accumulate(p, data, [0, 1, 2, 3], vector);
            var ss = new GradientEngine<T>(spec, false, vectorNeurons: false).Accumulate(p, data, [0, 1, 2, 3], scalar);
            Assert.Equal(ss.SpikesPerLayer, sv.SpikesPerLayer);
            Assert.True(sv.SpikesPerLayer.All(c => c > 0));
            Assert.Equal(ss.LossSum, sv.LossSum);
            for (int k = 0; k < p.Tensors.Count; k++) Assert.Equal(scalar.Tensors[k].Values, vector.Tensors[k].Values);
        }
    }

    [Fact]
    public void AccumulateAllocatesNothingPerSample()
    {
        var spec = Spec();
        var p = NetworkInit.Create<float>(spec, 3);
        var data = Nets.Random(8, 8, 40, 20, 4, 0.08);
        var engine = new GradientEngine<float>(spec);
        var g = p.ZerosLike();
        int[] one = [0], eight = [0, 1, 2, 3, 4, 5, 6, 7];
        engine.Accumulate(p, data, eight, g); // the workspace is made once and reused
        long a0 = GC.GetAllocatedBytesForCurrentThread();
        engine.Accumulate(p, data, one, g);
        long a1 = GC.GetAllocatedBytesForCurrentThread();
        engine.Accumulate(p, data, eight, g);
        long a2 = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal(a1 - a0, a2 - a1);
    }

    [Fact]
    public void AWorkspaceReusedForLongerAndShorterSamplesGivesAFreshEnginesResult()
    {
        var spec = Spec(Precision.Float64);
        var p = NetworkInit.Create<double>(spec, 3);
        var shortSet = Nets.Random(8, 3, 20, 20, 4, 0.1);
        var longSet = Nets.Random(9, 3, 70, 20, 4, 0.1);
        var reused = new GradientEngine<double>(spec);
        foreach (var data in new[] { shortSet, longSet, shortSet })
        {
            var a = p.ZerosLike(); var b = p.ZerosLike();
            var sa = reused.Accumulate(p, data, [2, 0, 1], a);
            var sb = new GradientEngine<double>(spec).Accumulate(p, data, [2, 0, 1], b);
            Assert.Equal(sb.LossSum, sa.LossSum);
            for (int k = 0; k < p.Tensors.Count; k++) Assert.Equal(b.Tensors[k].Values, a.Tensors[k].Values);
        }
    }
}
