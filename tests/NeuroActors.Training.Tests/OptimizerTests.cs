namespace NeuroActors.Training.Tests;

/// <summary>Adam and SGD against steps computed by hand, and PyTorch's order of operations bit for bit.</summary>
public class OptimizerTests
{
    private static ParameterSet<T> Set<T>(params T[] values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        new([new ParameterTensor<T>("layer1.weight", [1, values.Length], values)]);

    [Fact]
    public void AdamMovesByTheLearningRateWhileTheGradientIsConstantThenFollowsTheMoments()
    {
        // p0 = [1, -0.5]; gradient sums [0.4, -0.2] over a batch of 2, so g = [0.2, -0.1]; lr 0.1, β = (0.9, 0.999), ε = 1e-8.
        // With a constant g, m_t = (1 − β1^t)·g and v_t = (1 − β2^t)·g², so the bias-corrected step is lr·g/(|g| + ε) ≈ lr·sign(g):
        // p1 = [0.9, -0.4], p2 = [0.8, -0.3].
        var p = Set(1.0, -0.5);
        var adam = new Adam<double>(p);
        var sum = Set(0.4, -0.2);
        adam.Step(p, sum, 2, 0.1);
        Assert.Equal(0.9, p.Tensors[0].Values[0], 1e-7);
        Assert.Equal(-0.4, p.Tensors[0].Values[1], 1e-7);
        adam.Step(p, sum, 2, 0.1);
        Assert.Equal(0.8, p.Tensors[0].Values[0], 1e-7);
        Assert.Equal(-0.3, p.Tensors[0].Values[1], 1e-7);
        // Step 3 with g = [-0.2, -0.1]: m2 = 0.19·0.2 = 0.038, m3 = 0.9·0.038 − 0.1·0.2 = 0.0142;
        // v2 = 0.001999·0.04 = 7.996e-5, v3 = 0.999·7.996e-5 + 0.001·0.04 = 1.1988004e-4;
        // bc1 = 1 − 0.9³ = 0.271, bc2 = 1 − 0.999³ = 0.002997001, so v3/bc2 = 0.04 and sqrt = 0.2;
        // p3 = 0.8 − 0.1·(0.0142/0.271)/0.2 = 0.8 − 0.026199262 = 0.773800738. Element 1 keeps g = -0.1: p3 = -0.2.
        adam.Step(p, Set(-0.4, -0.2), 2, 0.1);
        Assert.Equal(0.773800738, p.Tensors[0].Values[0], 1e-7);
        Assert.Equal(-0.2, p.Tensors[0].Values[1], 1e-7);
        Assert.Equal(3, adam.Steps);
        Assert.Equal(0.0142, adam.State[0].Tensors[0].Values[0], 1e-15);
        Assert.Equal(1.1988004e-4, adam.State[1].Tensors[0].Values[0], 1e-15);
    }

    [Fact]
    public void AdamInFloat32FollowsTorchsOperationsBitForBit()
    {
        // torch.optim.Adam's single-tensor step in float32, one tensor op at a time (scalars rounded from double once).
        // PyTorch's AVX2 CPU kernels compute add(x, alpha=a) and addcmul as fused multiply-adds (OptimizerTorchTests):
        // grad.add(param, alpha=wd) = fma(p, wd, g); exp_avg.mul_(β1).add_(g, alpha=1−β1) = fma(g, 1−β1, m·β1);
        // exp_avg_sq.mul_(β2).addcmul_(g, g, value=1−β2) = fma((1−β2)·g, g, v·β2);
        // denom = (exp_avg_sq.sqrt() / sqrt(bc2)).add_(ε); param.addcdiv_(exp_avg, denom, value=−lr/bc1) = p + ((−lr/bc1)·m)/denom.
        float p = 0.3f, m = 0, v = 0;
        float[] sums = [0.7f, -0.11f, 0.05f];
        var set = Set(0.3f);
        var adam = new Adam<float>(set, 0.9, 0.999, 1e-8, weightDecay: 0.01);
        for (int t = 1; t <= 3; t++)
        {
            float g = sums[t - 1] / 3f;
            g = MathF.FusedMultiplyAdd(p, 0.01f, g);
            m = MathF.FusedMultiplyAdd(g, (float)(1 - 0.9), m * 0.9f);
            v = MathF.FusedMultiplyAdd((float)(1 - 0.999) * g, g, v * 0.999f);
            double bc1 = 1 - Math.Pow(0.9, t), bc2 = 1 - Math.Pow(0.999, t);
            float denom = MathF.Sqrt(v) / (float)Math.Sqrt(bc2) + 1e-8f;
            p = p + (float)-(0.01 / bc1) * m / denom;
            adam.Step(set, Set(sums[t - 1]), 3, 0.01);
            Assert.Equal(BitConverter.SingleToInt32Bits(p), BitConverter.SingleToInt32Bits(set.Tensors[0].Values[0]));
        }
    }

    [Fact]
    public void SgdWithMomentumStartsTheBufferAtTheFirstGradient()
    {
        // lr 0.1, μ 0.9, g = 0.2 every step: buf1 = 0.2, p1 = 1 − 0.02 = 0.98; buf2 = 0.9·0.2 + 0.2 = 0.38, p2 = 0.98 − 0.038 = 0.942;
        // buf3 = 0.9·0.38 + 0.2 = 0.542, p3 = 0.942 − 0.0542 = 0.8878.
        var p = Set(1.0, -1.0);
        var sgd = new Sgd<double>(p, momentum: 0.9);
        double[] expected = [0.98, 0.942, 0.8878];
        foreach (double e in expected)
        {
            sgd.Step(p, Set(0.8, -0.8), 4, 0.1);
            Assert.Equal(e, p.Tensors[0].Values[0], 1e-15);
            Assert.Equal(-e, p.Tensors[0].Values[1], 1e-15);
        }
        Assert.Equal(0.542, sgd.State[0].Tensors[0].Values[0], 1e-15);
    }

    [Fact]
    public void SgdAddsWeightDecayToTheGradient()
    {
        // g = 0.2 + 0.5·1 = 0.7; p1 = 1 − 0.1·0.7 = 0.93. Without momentum there is no state.
        var p = Set(1.0);
        var sgd = new Sgd<double>(p, weightDecay: 0.5);
        sgd.Step(p, Set(0.2), 1, 0.1);
        Assert.Equal(0.93, p.Tensors[0].Values[0], 1e-15);
        Assert.Empty(sgd.State);
    }

    [Theory]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    public void RestoredStateContinuesBitForBit(OptimizerKind kind)
    {
        var spec = new OptimizerSpec(kind, 0.05, Momentum: 0.8, WeightDecay: 1e-3);
        float[][] sums = [[0.3f, -1.2f], [0.7f, 0.1f], [-0.4f, 0.9f], [0.2f, 0.2f]];
        var whole = Set(0.5f, -0.25f);
        var a = Optimizers.Create(spec, whole);
        foreach (var s in sums) a.Step(whole, Set(s), 5, 0.05);

        var resumed = Set(0.5f, -0.25f);
        var b = Optimizers.Create(spec, resumed);
        b.Step(resumed, Set(sums[0]), 5, 0.05);
        b.Step(resumed, Set(sums[1]), 5, 0.05);
        var saved = b.State.Select(s => s.Clone()).ToList();
        var checkpoint = resumed.Clone();
        var c = Optimizers.Create(spec, checkpoint);
        c.Restore(saved, b.Steps);
        c.Step(checkpoint, Set(sums[2]), 5, 0.05);
        c.Step(checkpoint, Set(sums[3]), 5, 0.05);

        Assert.Equal(a.Steps, c.Steps);
        Assert.Equal(whole.Tensors[0].Values, checkpoint.Tensors[0].Values);
        for (int i = 0; i < a.State.Count; i++) Assert.Equal(a.State[i].Tensors[0].Values, c.State[i].Tensors[0].Values);
    }

    [Fact]
    public void RestoreRefusesStateOfAnotherShape()
    {
        var p = Set(1.0, 2.0);
        var adam = new Adam<double>(p);
        Assert.Throws<ArgumentException>(() => adam.Restore([Set(1.0)], 1));
        Assert.Throws<ArgumentException>(() => adam.Restore([Set(1.0, 2.0), Set(1.0)], 1));
    }

    [Fact]
    public void StepScheduleMultipliesByGammaEveryStepEpochs()
    {
        var spec = new OptimizerSpec(OptimizerKind.Adam, 0.1, Schedule: new ScheduleSpec(ScheduleKind.Step, 2, 0.5));
        // Epochs 0, 1: 0.1; 2, 3: 0.1·0.5; 4: 0.1·0.5·0.5 (products, as StepLR's step() makes them).
        Assert.Equal(0.1, LearningRates.At(spec, 0, 10));
        Assert.Equal(0.1, LearningRates.At(spec, 1, 10));
        Assert.Equal(0.1 * 0.5, LearningRates.At(spec, 2, 10));
        Assert.Equal(0.1 * 0.5, LearningRates.At(spec, 3, 10));
        Assert.Equal(0.1 * 0.5 * 0.5, LearningRates.At(spec, 4, 10));
    }

    [Fact]
    public void CosineScheduleFallsFromTheRateToZeroOverTheRun()
    {
        var spec = new OptimizerSpec(OptimizerKind.Sgd, 0.2, Schedule: new ScheduleSpec(ScheduleKind.Cosine));
        Assert.Equal(0.2, LearningRates.At(spec, 0, 10));
        Assert.Equal(0.1, LearningRates.At(spec, 5, 10), 1e-15);            // cos(π/2) = 0
        Assert.Equal(0.2 * (1 + Math.Sqrt(0.5)) / 2, LearningRates.At(spec, 1, 4), 1e-15); // cos(π/4)
        Assert.Equal(0, LearningRates.At(spec, 10, 10), 1e-15);
        Assert.Equal(0.2, LearningRates.At(new OptimizerSpec(OptimizerKind.Adam, 0.2), 7, 10));
    }
}
