using System.Numerics;

namespace NeuroActors.Training.Tests;

/// <summary>
/// The engine's forward pass against the equations of docs/training.md written out as plain loops over dense matrices,
/// in the documented summation order: spikes, potentials and readout must be bitwise equal, for every option.
/// </summary>
public class ReferenceForwardTests
{
    public static TheoryData<string> Cases => new(
        "subtract-previous", "zero-previous", "subtract-same", "zero-same", "no-reset", "recurrent-bias-alpha",
        "alif-previous", "alif-same-theta0", "two-layers", "dense-values", "counts");

    private static TrainingNetworkSpec Spec(string name)
    {
        var fs = new SurrogateSpec(SurrogateKind.FastSigmoid, 25);
        var ce = new LossSpec(LossKind.CrossEntropyMaxMembrane);
        var ro = new ReadoutSpec(4, 0.9, 0, false, new WeightInit());
        var alif = new AdaptationSpec(0.95, 0.3, true, false);
        LifLayerSpec L(ResetMode reset = ResetMode.Subtract, ResetTiming timing = ResetTiming.PreviousStep, bool recurrent = false,
            double alpha = 0, bool bias = false, AdaptationSpec? adaptation = null, int size = 6) =>
            Nets.Lif(size, beta: 0.85, alpha: alpha, threshold: 1, reset: reset, timing: timing, bias: bias, recurrent: recurrent,
                learnBeta: true, learnThreshold: true, adaptation: adaptation, gain: 4);
        return name switch
        {
            "subtract-previous" => Nets.Net(5, [L()], ro, fs, ce),
            "zero-previous" => Nets.Net(5, [L(ResetMode.Zero)], ro, fs, ce),
            "subtract-same" => Nets.Net(5, [L(timing: ResetTiming.SameStep)], ro, fs, ce),
            "zero-same" => Nets.Net(5, [L(ResetMode.Zero, ResetTiming.SameStep)], ro, fs, ce),
            "no-reset" => Nets.Net(5, [L(ResetMode.None)], ro, fs, ce),
            "recurrent-bias-alpha" => Nets.Net(5, [L(recurrent: true, alpha: 0.7, bias: true)], ro with { Alpha = 0.6, Bias = true }, fs, ce),
            "alif-previous" => Nets.Net(5, [L(adaptation: alif)], ro, fs, ce),
            "alif-same-theta0" => Nets.Net(5, [L(timing: ResetTiming.SameStep, adaptation: alif with { ResetToAdaptive = false })], ro, fs, ce),
            "two-layers" => Nets.Net(5, [L(bias: true), L(recurrent: true, size: 7)], ro, fs, ce),
            "dense-values" => Nets.Net(5, [L(recurrent: true)], ro, fs, ce),
            "counts" => Nets.Net(5, [L(), L(size: 4)], null, fs, new LossSpec(LossKind.CrossEntropySpikeCount)),
            _ => throw new ArgumentException(name),
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EngineForwardEqualsTheEquationsBitwiseInDouble(string name) => Check<double>(name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void EngineForwardEqualsTheEquationsBitwiseInFloat(string name) => Check<float>(name);

    private static void Check<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var spec = Spec(name);
        var p = NetworkInit.Create<T>(spec, 7);
        Nets.Spread(spec, p, 9);
        var data = Nets.Random(4, 3, 30, 5, spec.Classes, 0.3, valued: name == "dense-values");
        var engine = new GradientEngine<T>(spec);
        long spikes = 0;
        for (int s = 0; s < data.Count; s++)
        {
            var (S, U, Ur) = Reference(spec, p, data, s);
            var r = engine.Forward(p, data, s);
            for (int l = 0; l < S.Length; l++)
            {
                Assert.Equal(S[l], r.Spikes[l]);
                Assert.Equal(U[l], r.Membrane[l]);
                spikes += S[l].Count(v => v != T.Zero);
            }
            if (Ur is not null) Assert.Equal(Ur, r.Readout!);
        }
        Assert.True(spikes > 20, $"{name}: only {spikes} spikes; the comparison would prove little");
    }

    /// <summary>The documented equations, neuron by neuron, with dense matrices.</summary>
    private static (T[][] S, T[][] U, T[]? Ur) Reference<T>(TrainingNetworkSpec spec, ParameterSet<T> p, SampleSet data, int sample)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = data.Steps, L = spec.Hidden.Count;
        var x = new T[steps][];
        for (int t = 0; t < steps; t++)
        {
            x[t] = new T[spec.Inputs];
            var units = data.UnitsAt(sample, t); var values = data.ValuesAt(sample, t);
            for (int e = 0; e < units.Length; e++) x[t][units[e]] = values.IsEmpty ? T.One : T.CreateChecked(values[e]);
        }
        var S = new T[L][]; var Uout = new T[L][];
        T[][] input = x;
        for (int l = 0; l < L; l++)
        {
            var ls = spec.Hidden[l]; int n = ls.Size, m = input[0].Length;
            string pre = $"layer{l + 1}.";
            var W = p[pre + "weight"].Values;
            var b = ls.Bias ? p[pre + "bias"].Values : null;
            var V = ls.Recurrent ? p[pre + "recurrent"].Values : null;
            var beta = ls.LearnBeta ? p[pre + "beta"].Values : Enumerable.Repeat(T.CreateChecked(ls.Beta), n).ToArray();
            var theta = ls.LearnThreshold ? p[pre + "threshold"].Values : Enumerable.Repeat(T.CreateChecked(ls.Threshold), n).ToArray();
            T alpha = T.CreateChecked(ls.Alpha);
            var I = new T[n]; var C = new T[n]; var a = new T[n]; var sPrev = new T[n]; var thPrev = new T[n];
            S[l] = new T[steps * n]; Uout[l] = new T[steps * n];
            var output = new T[steps][];
            for (int t = 0; t < steps; t++)
            {
                output[t] = new T[n];
                for (int j = 0; j < n; j++)
                {
                    T h = T.Zero;
                    for (int i = 0; i < m; i++)
                        if (input[t][i] != T.Zero) h += input[t][i] == T.One && data.Values is null || l > 0 ? W[j * m + i] : input[t][i] * W[j * m + i];
                    if (V is not null && t > 0)
                        for (int k = 0; k < n; k++) if (output[t - 1][k] != T.Zero) h += V[j * n + k];
                    if (b is not null) h += b[j];
                    I[j] = ls.Alpha > 0 ? alpha * I[j] + h : h;
                    T th = ls.Adaptation is { } ad ? theta[j] + T.CreateChecked(ad.Strength) * a[j] : theta[j];
                    T resetBy = ls.Adaptation is { ResetToAdaptive: true } ? th : theta[j];
                    T u;
                    if (ls.Timing == ResetTiming.PreviousStep && ls.Reset == ResetMode.Subtract && t > 0)
                        u = beta[j] * C[j] + I[j] - sPrev[j] * thPrev[j];
                    else if (ls.Timing == ResetTiming.PreviousStep && ls.Reset == ResetMode.Zero && t > 0)
                        u = beta[j] * C[j] * (T.One - sPrev[j]) + I[j];
                    else u = beta[j] * C[j] + I[j];
                    T spike = u - th > T.Zero ? T.One : T.Zero;
                    S[l][t * n + j] = spike; Uout[l][t * n + j] = u; output[t][j] = spike;
                    C[j] = ls.Timing == ResetTiming.SameStep && ls.Reset == ResetMode.Subtract ? u - spike * resetBy
                        : ls.Timing == ResetTiming.SameStep && ls.Reset == ResetMode.Zero ? u * (T.One - spike) : u;
                    if (ls.Adaptation is { } ad2) a[j] = T.CreateChecked(ad2.Rho) * a[j] + spike;
                    sPrev[j] = spike; thPrev[j] = resetBy;
                }
            }
            input = output;
        }
        if (spec.Readout is not { } r) return (S, Uout, null);
        int c = r.Size, k0 = input[0].Length;
        var Wr = p["readout.weight"].Values; var br = r.Bias ? p["readout.bias"].Values : null;
        var Ir = new T[c]; var Ur = new T[c]; var all = new T[steps * c];
        for (int t = 0; t < steps; t++)
            for (int q = 0; q < c; q++)
            {
                T h = T.Zero;
                for (int k = 0; k < k0; k++) if (input[t][k] != T.Zero) h += Wr[q * k0 + k];
                if (br is not null) h += br[q];
                Ir[q] = r.Alpha > 0 ? T.CreateChecked(r.Alpha) * Ir[q] + h : h;
                Ur[q] = T.CreateChecked(r.Beta) * Ur[q] + Ir[q];
                all[t * c + q] = Ur[q];
            }
        return (S, Uout, all);
    }
}
