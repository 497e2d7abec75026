using System.Numerics;
using System.Security.Cryptography;
using System.Runtime.InteropServices;
using NeuroActors.Kernel.Random;
using NeuroActors.Runtime.Training;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Tests.Training;

/// <summary>
/// Softmax regression over each sample's mean input per unit: a small, real chunk computer (float or double arithmetic
/// throughout, in a fixed order), so that determinism and resume are tested on real sums of real gradients.
/// Parameters: readout.weight [classes, inputs], readout.bias [classes]. "Spikes" of its one layer: the sample's events.
/// </summary>
internal sealed class SoftmaxComputer<T> : IChunkComputer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ChunkStats Accumulate(ParameterSet<T> parameters, SampleSet data, ReadOnlySpan<int> samples, ParameterSet<T> gradient)
    {
        var gw = gradient["readout.weight"].Values;
        var gb = gradient["readout.bias"].Values;
        var x = new T[data.Inputs];
        var p = new T[data.Classes];
        double loss = 0;
        int correct = 0;
        long events = 0;
        foreach (int s in samples)
        {
            events += Features(data, s, x);
            int predicted = Probabilities(parameters, data, x, p);
            int label = data.Labels[s];
            if (predicted == label) correct++;
            loss -= double.CreateChecked(T.Log(p[label]));
            for (int c = 0; c < data.Classes; c++)
            {
                T d = p[c] - (c == label ? T.One : T.Zero);
                gb[c] += d;
                for (int i = 0; i < data.Inputs; i++) gw[c * data.Inputs + i] += d * x[i];
            }
        }
        return new ChunkStats(loss, correct, samples.Length, [events]);
    }

    public ChunkStats Evaluate(ParameterSet<T> parameters, SampleSet data, ReadOnlySpan<int> samples, Span<int> predictions)
    {
        var x = new T[data.Inputs];
        var p = new T[data.Classes];
        double loss = 0;
        int correct = 0;
        long events = 0;
        for (int k = 0; k < samples.Length; k++)
        {
            int s = samples[k];
            events += Features(data, s, x);
            predictions[k] = Probabilities(parameters, data, x, p);
            if (predictions[k] == data.Labels[s]) correct++;
            loss -= double.CreateChecked(T.Log(p[data.Labels[s]]));
        }
        return new ChunkStats(loss, correct, samples.Length, [events]);
    }

    private static long Features(SampleSet data, int s, T[] x)
    {
        Array.Clear(x);
        long events = 0;
        for (int t = 0; t < data.Steps; t++)
        {
            var units = data.UnitsAt(s, t);
            events += units.Length;
            foreach (int u in units) x[u] += T.One;
        }
        T steps = T.CreateChecked(data.Steps);
        for (int i = 0; i < x.Length; i++) x[i] /= steps;
        return events;
    }

    private static int Probabilities(ParameterSet<T> parameters, SampleSet data, T[] x, T[] p)
    {
        var w = parameters["readout.weight"].Values;
        var b = parameters["readout.bias"].Values;
        T max = T.NegativeInfinity;
        int best = 0;
        for (int c = 0; c < data.Classes; c++)
        {
            T z = b[c];
            for (int i = 0; i < data.Inputs; i++) z += w[c * data.Inputs + i] * x[i];
            p[c] = z;
            if (z > max) { max = z; best = c; }
        }
        T sum = T.Zero;
        for (int c = 0; c < data.Classes; c++) { p[c] = T.Exp(p[c] - max); sum += p[c]; }
        for (int c = 0; c < data.Classes; c++) p[c] /= sum;
        return best;
    }
}

/// <summary>SGD with momentum (v = μ·v + g/batch; w −= lr·v): state that a resume must carry.</summary>
internal sealed class MomentumSgd<T>(ParameterSet<T> like, double momentum) : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private ParameterSet<T> _velocity = like.ZerosLike();

    public long Steps { get; private set; }

    public IReadOnlyList<ParameterSet<T>> State => [_velocity];

    public void Step(ParameterSet<T> parameters, ParameterSet<T> gradientSum, int batchSize, double learningRate)
    {
        T mu = T.CreateChecked(momentum), lr = T.CreateChecked(learningRate), n = T.CreateChecked(batchSize);
        for (int i = 0; i < parameters.Tensors.Count; i++)
        {
            var w = parameters.Tensors[i].Values;
            var g = gradientSum.Tensors[i].Values;
            var v = _velocity.Tensors[i].Values;
            for (int j = 0; j < w.Length; j++)
            {
                v[j] = mu * v[j] + g[j] / n;
                w[j] -= lr * v[j];
            }
        }
        Steps++;
    }

    public void Restore(IReadOnlyList<ParameterSet<T>> state, long steps)
    {
        _velocity = state[0].Clone();
        Steps = steps;
    }
}

internal static class TestTraining
{
    public const int Inputs = 12, Classes = 3, Steps = 6;

    /// <summary>A config whose sizes make uneven batches and chunks: 68 training samples, batch 16 (4 full and one of 4), chunk 5 (the last of a full batch holds 1).</summary>
    public static TrainingSpec Spec(int epochs = 3, int batch = 16, int chunk = 5, ulong seed = 7, Precision precision = Precision.Float32) => new(
        new DatasetSpec(DatasetKind.Randman, new RandmanSpec(Classes, Inputs, Steps, SamplesPerClass: 30), null, TestFraction: 0.25, Seed: 11),
        new TrainingNetworkSpec(Inputs, [new LifLayerSpec(Classes, 0.9, 0, 1, ResetMode.Subtract, ResetTiming.PreviousStep, true, true, false, false, false, null, new WeightInit())],
            new ReadoutSpec(Classes, 0.9, 0, true, new WeightInit()), new SurrogateSpec(SurrogateKind.FastSigmoid, 25),
            new LossSpec(LossKind.CrossEntropyMaxMembrane), new RegularizerSpec(), precision),
        new OptimizerSpec(OptimizerKind.Sgd, 0.5, Momentum: 0.9), batch, epochs, chunk, seed, "test");

    /// <summary>Samples where class c makes units of its own third fire more often; drawn from the dataset's seed.</summary>
    public static (SampleSet Train, SampleSet Test) Data(TrainingSpec spec)
    {
        var r = spec.Dataset.Randman!;
        int samples = r.Classes * r.SamplesPerClass;
        var rng = new RandomStream(spec.Dataset.Seed, 0xD000_0000u, 0);
        var labels = new int[samples];
        var offsets = new List<int> { 0 };
        var units = new List<int>();
        for (int s = 0; s < samples; s++)
        {
            labels[s] = s % r.Classes;
            for (int t = 0; t < r.Steps; t++)
            {
                for (int u = 0; u < r.Units; u++)
                {
                    double rate = u * r.Classes / r.Units == labels[s] ? 0.6 : 0.25;
                    if (rng.NextDouble() < rate) units.Add(u);
                }
                offsets.Add(units.Count);
            }
        }
        var all = new SampleSet(r.Steps, r.Units, r.Classes, labels, offsets.ToArray(), units.ToArray(), null);
        int test = (int)(samples * spec.Dataset.TestFraction);
        return (all.Subset(Enumerable.Range(test, samples - test).ToArray()), all.Subset(Enumerable.Range(0, test).ToArray()));
    }

    public static ParameterSet<T> Initial<T>(TrainingSpec spec) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var w = new T[Classes * Inputs];
        var b = new T[Classes];
        double bound = 1 / Math.Sqrt(Inputs);
        var rw = new RandomStream(spec.Seed, TrainingStreams.Init(0), 0);
        for (int i = 0; i < w.Length; i++) w[i] = T.CreateChecked((2 * rw.NextDouble() - 1) * bound);
        var rb = new RandomStream(spec.Seed, TrainingStreams.Init(1), 0);
        for (int i = 0; i < b.Length; i++) b[i] = T.CreateChecked((2 * rb.NextDouble() - 1) * bound);
        return new ParameterSet<T>([new ParameterTensor<T>("readout.weight", [Classes, Inputs], w), new ParameterTensor<T>("readout.bias", [Classes], b)]);
    }

    /// <summary>The learning rate halves every epoch, so that a resumed run must know its epoch.</summary>
    public static double LearningRate(TrainingSpec spec, int epoch, int epochs) => spec.Optimizer.LearningRate * Math.Pow(0.5, epoch);

    /// <summary>Biases clipped to [−0.2, 0.2] after each step: the constraint hook at work.</summary>
    public static void Clip<T>(ParameterSet<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var b = p["readout.bias"].Values;
        T lo = T.CreateChecked(-0.2), hi = T.CreateChecked(0.2);
        for (int i = 0; i < b.Length; i++) b[i] = T.Clamp(b[i], lo, hi);
    }

    public static TrainingComponents<T> Components<T>(Action<long, ulong>? afterStep = null) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(Data, _ => new SoftmaxComputer<T>(), Initial<T>, (spec, p) => new MomentumSgd<T>(p, spec.Optimizer.Momentum), LearningRate)
        {
            Constrain = Clip,
            AfterStep = afterStep,
        };

    /// <summary>The bytes of every value of a set, hashed: equal hashes mean bitwise equal parameters.</summary>
    public static string Hash<T>(ParameterSet<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in p.Tensors) sha.AppendData(MemoryMarshal.AsBytes(t.Values.AsSpan()));
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>
    /// The reference: the same training as a plain loop in one thread, no actors — each batch's chunk gradients computed
    /// separately and summed as a binary tree over the chunks (each node its left half plus its right half, the left
    /// half holding the middle chunk when the count is odd), then one step — giving the parameters' fingerprint after
    /// every step.
    /// </summary>
    public static List<ulong> Reference<T>(TrainingSpec spec, int epochs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (train, _) = Data(spec);
        var p = Initial<T>(spec);
        var opt = new MomentumSgd<T>(p, spec.Optimizer.Momentum);
        var computer = new SoftmaxComputer<T>();
        var fingerprints = new List<ulong>();
        for (int e = 0; e < epochs; e++)
        {
            var plan = EpochPlan.For(spec.Seed, e, train.Count, spec.BatchSize, spec.ChunkSize);
            for (int b = 0; b < plan.Batches; b++)
            {
                var chunks = new List<ParameterSet<T>>();
                for (int c = 0; c < plan.Chunks(b); c++)
                {
                    var g = p.ZerosLike();
                    computer.Accumulate(p, train, plan.Samples(b, c), g);
                    chunks.Add(g);
                }
                opt.Step(p, TreeSum(chunks, 0, chunks.Count), plan.Batch(b).Count, LearningRate(spec, e, epochs));
                Clip(p);
                fingerprints.Add(p.Fingerprint());
            }
        }
        return fingerprints;
    }

    private static ParameterSet<T> TreeSum<T>(List<ParameterSet<T>> chunks, int first, int end) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (end - first == 1) return chunks[first].Clone();
        int half = (end - first + 1) / 2;
        var sum = TreeSum(chunks, first, first + half);
        sum.Add(TreeSum(chunks, first + half, end));
        return sum;
    }

    public static readonly Akka.Configuration.Config Strict = Akka.Configuration.ConfigurationFactory.ParseString("""
        akka.actor.serialize-messages = on
        akka.actor.serialization-settings.allow-unregistered-types = true
        """);
}

/// <summary>Keeps what a run reports.</summary>
internal sealed class RecordingListener(Action<BatchProgress>? onBatch = null) : ITrainingListener
{
    public List<BatchProgress> Batches { get; } = [];
    public List<EpochReport> Epochs { get; } = [];
    public List<TrainingRestart> Restarts { get; } = [];

    public void OnBatch(BatchProgress progress)
    {
        lock (Batches) Batches.Add(progress);
        onBatch?.Invoke(progress);
    }

    public void OnEpoch(EpochReport report) { lock (Epochs) Epochs.Add(report); }

    public void OnRestart(TrainingRestart restart) { lock (Restarts) Restarts.Add(restart); }
}
