using System.Numerics;
using NeuroActors.Kernel.Tests.Snn;

namespace NeuroActors.Training.Tests.Export;

/// <summary>
/// Small trained-looking networks for the export tests: a training config with its parameters (random values that
/// single precision holds, so that the simulator's single-precision weights are the same numbers) and random spike
/// samples, and the same network read back plainly from the config and tensors for the reference forward pass.
/// </summary>
public static class ExportFixtures
{
    /// <summary>A config of <paramref name="sizes"/> hidden layers and a readout of <paramref name="classes"/>, with parameters.</summary>
    public static (TrainingSpec Spec, ParameterSet<T> Parameters) Network<T>(int seed, int inputs, int[] sizes, int classes,
        ResetMode reset, ResetTiming timing, double alpha, bool recurrent = false, bool learned = false, AdaptationSpec? adaptation = null,
        LossKind loss = LossKind.CrossEntropyMaxMembrane, double gain = 3)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new System.Random(seed);
        T F(double lo, double hi) => T.CreateChecked((float)(lo + (hi - lo) * random.NextDouble()));
        ParameterTensor<T> Tensor(string name, int[] shape, double lo, double hi) =>
            new(name, shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => F(lo, hi)).ToArray());
        var tensors = new List<ParameterTensor<T>>();
        var layers = new List<LifLayerSpec>();
        int fanIn = inputs;
        for (int l = 0; l < sizes.Length; l++)
        {
            int n = sizes[l];
            double w = gain / Math.Sqrt(fanIn);
            tensors.Add(Tensor($"layer{l + 1}.weight", [n, fanIn], -w, w));
            tensors.Add(Tensor($"layer{l + 1}.bias", [n], -0.1, 0.2));
            if (recurrent) tensors.Add(Tensor($"layer{l + 1}.recurrent", [n, n], -1 / Math.Sqrt(n), 1 / Math.Sqrt(n)));
            if (learned) { tensors.Add(Tensor($"layer{l + 1}.beta", [n], 0.8, 0.95)); tensors.Add(Tensor($"layer{l + 1}.threshold", [n], 0.8, 1.2)); }
            layers.Add(new LifLayerSpec(n, Beta: (float)0.9, Alpha: (float)alpha, Threshold: 1, reset, timing, DetachReset: true, Bias: true,
                Recurrent: recurrent, LearnBeta: learned, LearnThreshold: learned, adaptation, new WeightInit()));
            fanIn = n;
        }
        ReadoutSpec? readout = null;
        if (loss is LossKind.CrossEntropyMaxMembrane or LossKind.CrossEntropyLastMembrane)
        {
            tensors.Add(Tensor("readout.weight", [classes, fanIn], -1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn)));
            tensors.Add(Tensor("readout.bias", [classes], -0.1, 0.1));
            readout = new ReadoutSpec(classes, Beta: (float)0.9, Alpha: (float)alpha, Bias: true, new WeightInit());
        }
        var net = new TrainingNetworkSpec(inputs, layers, readout, new SurrogateSpec(SurrogateKind.FastSigmoid, 25), new LossSpec(loss),
            new RegularizerSpec(), typeof(T) == typeof(double) ? Precision.Float64 : Precision.Float32);
        var spec = new TrainingSpec(new DatasetSpec(DatasetKind.Randman, new RandmanSpec(), null), net,
            new OptimizerSpec(OptimizerKind.Adam, 2e-3), BatchSize: 8, Epochs: 1, ChunkSize: 4, Seed: 5, Name: "export-test");
        return (spec, new ParameterSet<T>(tensors));
    }

    /// <summary><paramref name="count"/> samples of <paramref name="steps"/> steps, each unit firing with probability <paramref name="p"/> a step.</summary>
    public static SampleSet Samples(int seed, int count, int inputs, int steps, int classes, double p)
    {
        var random = new System.Random(seed);
        var offsets = new List<int> { 0 };
        var units = new List<int>();
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = random.Next(classes);
            for (int t = 0; t < steps; t++)
            {
                for (int u = 0; u < inputs; u++) if (random.NextDouble() < p) units.Add(u);
                offsets.Add(units.Count);
            }
        }
        return new SampleSet(steps, inputs, classes, labels, [.. offsets], [.. units], null);
    }

    /// <summary>The network read plainly from the config and the tensors, as the reference takes it.</summary>
    public static (SnnRefLayer[] Layers, SnnRefReadout? Readout) Reference<T>(TrainingSpec spec, ParameterSet<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] Flat(string name) => parameters[name].Values.Select(double.CreateChecked).ToArray();
        double[][] Matrix(string name)
        {
            var t = parameters[name];
            var flat = Flat(name);
            return Enumerable.Range(0, t.Shape[0]).Select(r => flat.AsSpan(r * t.Shape[1], t.Shape[1]).ToArray()).ToArray();
        }
        var net = spec.Network;
        var layers = net.Hidden.Select((h, i) =>
        {
            string p = $"layer{i + 1}";
            return new SnnRefLayer(Matrix(p + ".weight"), h.Bias ? Flat(p + ".bias") : null, h.Recurrent ? Matrix(p + ".recurrent") : null,
                h.LearnBeta ? Flat(p + ".beta") : Enumerable.Repeat(h.Beta, h.Size).ToArray(),
                h.LearnThreshold ? Flat(p + ".threshold") : Enumerable.Repeat(h.Threshold, h.Size).ToArray(),
                h.Alpha, h.Reset switch { ResetMode.Subtract => 0, ResetMode.Zero => 1, _ => 2 }, h.Timing == ResetTiming.SameStep,
                h.Adaptation?.Rho ?? 0, h.Adaptation?.Strength ?? 0, h.Adaptation?.ResetToAdaptive ?? false);
        }).ToArray();
        var readout = net.Readout is { } r
            ? new SnnRefReadout(Matrix("readout.weight"), r.Bias ? Flat("readout.bias") : null, Enumerable.Repeat(r.Beta, r.Size).ToArray(), r.Alpha)
            : null;
        return (layers, readout);
    }

    /// <summary>The units active at each step of sample <paramref name="sample"/>.</summary>
    public static Func<int, int[]> InputOf(SampleSet samples, int sample) => t => samples.UnitsAt(sample, t).ToArray();
}
