namespace NeuroActors.Training.Tests;

/// <summary>
/// A network small enough to run by hand: 2 inputs → 2 LIF neurons (β = 0.5, θ = 1, subtract reset from the previous
/// step, detached) → 2 readout neurons (β_r = 0.5, no bias), 3 steps, fast-sigmoid surrogate with k = 1
/// (σ'(x) = 1/(|x|+1)²), cross-entropy on the readout's maximum over time. Every number is derived in the comments.
/// </summary>
public class HandDerivedTests
{
    // W = [[1.5, 0.25], [0.5, 0.5]] (rows: hidden neuron j, columns: input i); W_r = [[1, −0.5], [0.25, 0.75]].
    // Inputs: t0 {0}, t1 {0, 1}, t2 {1}; label 0.
    private static (GradientEngine<double>, ParameterSet<double>, SampleSet) Setup()
    {
        var spec = Nets.Net(2, [Nets.Lif(2, beta: 0.5, threshold: 1)], new ReadoutSpec(2, 0.5, 0, false, new WeightInit()),
            new SurrogateSpec(SurrogateKind.FastSigmoid, 1), new LossSpec(LossKind.CrossEntropyMaxMembrane));
        var p = new ParameterSet<double>([
            new ParameterTensor<double>("layer1.weight", [2, 2], [1.5, 0.25, 0.5, 0.5]),
            new ParameterTensor<double>("readout.weight", [2, 2], [1, -0.5, 0.25, 0.75]),
        ]);
        var data = Nets.FromDense([[[1, 0], [1, 1], [0, 1]]], [0], 2);
        return (new GradientEngine<double>(spec), p, data);
    }

    [Fact]
    public void ForwardPassMatchesTheHandComputation()
    {
        var (engine, p, data) = Setup();
        var r = engine.Forward(p, data, 0);
        // t0: h = W[:,0] = [1.5, 0.5]; U = [1.5, 0.5]; U − θ = [0.5, −0.5] → S = [1, 0].
        // t1: h = W[:,0] + W[:,1] = [1.75, 1.0]; U = 0.5·U + h − S_prev·θ = [0.75 + 1.75 − 1, 0.25 + 1 − 0] = [1.5, 1.25] → S = [1, 1].
        // t2: h = W[:,1] = [0.25, 0.5]; U = [0.75 + 0.25 − 1, 0.625 + 0.5 − 1] = [0, 0.125] → S = [0, 0].
        Assert.Equal([1, 0, 1, 1, 0, 0], r.Spikes[0]);
        Assert.Equal([1.5, 0.5, 1.5, 1.25, 0, 0.125], r.Membrane[0]);
        // Readout: t0: W_r·[1, 0] = [1, 0.25]; t1: 0.5·[1, 0.25] + W_r·[1, 1] = [0.5 + 0.5, 0.125 + 1] = [1, 1.125];
        // t2: 0.5·[1, 1.125] = [0.5, 0.5625].
        Assert.Equal([1, 0.25, 1, 1.125, 0.5, 0.5625], r.Readout!);
        // Scores: class 0 max(1, 1, 0.5) = 1 (first reached at t0), class 1 max = 1.125 (t1).
        Assert.Equal([1, 1.125], r.Scores);
        // Loss = −log softmax(s)_0 = log(e^1 + e^1.125) − 1 = log(1 + e^0.125).
        Assert.Equal(Math.Log(1 + Math.Exp(0.125)), r.Loss, 1e-15);
        Assert.Equal(1, r.Prediction);
    }

    [Fact]
    public void GradientsMatchTheHandComputation()
    {
        var (engine, p, data) = Setup();
        var g = p.ZerosLike();
        var stats = engine.Accumulate(p, data, [0], g);
        // q = softmax(s)_1 = σ(0.125); dL/ds = [q − 1, q] = [−q, q].
        double q = 1 / (1 + Math.Exp(-0.125));
        // The max of class 0 is first reached at t0, of class 1 at t1 (the tie at t1 of class 0 gets nothing).
        // dL/dU_r (β_r = 0.5, backwards): t2 [0, 0]; t1 [0, q]; t0 0.5·[0, q] + [−q, 0] = [−q, q/2]. α_r = 0: dL/dh_r = dL/dU_r.
        // dW_r[c, k] = Σ_t dh_r[t, c]·S[t, k]: S0 = [1, 0], S1 = [1, 1] → [[−q + 0, 0], [q/2 + q, q]].
        Assert.Equal([-q, 0, 1.5 * q, q], g["readout.weight"].Values, Tol(1e-15));
        // dL/dS[t, k] = Σ_c W_r[c, k]·dh_r[t, c]: t1 [0.25q, 0.75q]; t0 [−q + 0.25·q/2, 0.5q + 0.75·q/2] = [−0.875q, 0.875q].
        // σ' at U − θ: t1 x = [0.5, 0.25] → [1/1.5², 1/1.25²] = [4/9, 0.64]; t0 x = [0.5, −0.5] → [4/9, 4/9].
        // t2: dL/dS = 0, nothing carried in → dh2 = [0, 0].
        // t1: dL/dU = [0.25q·4/9, 0.75q·0.64] = [q/9, 0.48q] = dh1; carried to t0: β·dL/dU = [q/18, 0.24q] (detached reset: no dL/dS).
        // t0: dL/dU = [q/18 − 0.875q·4/9, 0.24q + 0.875q·4/9] = [−q/3, (0.24 + 7/18)q] = dh0.
        double[] dh0 = [-q / 3, (0.24 + 7.0 / 18) * q], dh1 = [q / 9, 0.48 * q];
        // dW[j, i] = Σ_t dh[t, j]·x[t, i]: input 0 at t0, t1; input 1 at t1, t2.
        Assert.Equal([dh0[0] + dh1[0], dh1[0], dh0[1] + dh1[1], dh1[1]], g["layer1.weight"].Values, Tol(1e-15));
        Assert.Equal(Math.Log(1 + Math.Exp(0.125)), stats.LossSum, 1e-15);
        Assert.Equal(0, stats.Correct);
        Assert.Equal([3L], stats.SpikesPerLayer);
    }

    private static IEqualityComparer<double> Tol(double tol) =>
        EqualityComparer<double>.Create((a, b) => Math.Abs(a - b) <= tol * Math.Max(1, Math.Abs(b)), _ => 0);
}
