namespace NeuroActors.Training.Tests;

/// <summary>Specs and sample sets for the engine's tests.</summary>
internal static class Nets
{
    public static LifLayerSpec Lif(int size, double beta = 0.8, double alpha = 0, double threshold = 1,
        ResetMode reset = ResetMode.Subtract, ResetTiming timing = ResetTiming.PreviousStep, bool detach = true,
        bool bias = false, bool recurrent = false, bool learnBeta = false, bool learnThreshold = false,
        AdaptationSpec? adaptation = null, double gain = 1) =>
        new(size, beta, alpha, threshold, reset, timing, detach, bias, recurrent, learnBeta, learnThreshold, adaptation, new WeightInit(gain));

    public static TrainingNetworkSpec Net(int inputs, LifLayerSpec[] hidden, ReadoutSpec? readout, SurrogateSpec surrogate,
        LossSpec loss, RegularizerSpec? regularizer = null, Precision precision = Precision.Float32) =>
        new(inputs, hidden, readout, surrogate, loss, regularizer ?? new RegularizerSpec(), precision);

    /// <summary>A sample set from dense 0/1 (or valued) inputs x[sample][step][unit]; zero entries are not events.</summary>
    public static SampleSet FromDense(double[][][] x, int[] labels, int classes, bool valued = false)
    {
        int steps = x[0].Length, inputs = x[0][0].Length;
        var offsets = new List<int> { 0 };
        var units = new List<int>();
        var values = new List<float>();
        foreach (var sample in x)
            foreach (var step in sample)
            {
                for (int i = 0; i < inputs; i++)
                    if (step[i] != 0) { units.Add(i); values.Add((float)step[i]); }
                offsets.Add(units.Count);
            }
        return new SampleSet(steps, inputs, classes, labels, offsets.ToArray(), units.ToArray(), valued ? values.ToArray() : null);
    }

    /// <summary>Random inputs: each unit active with probability <paramref name="p"/> per step (values in (0, 1] when valued).</summary>
    public static SampleSet Random(int seed, int samples, int steps, int inputs, int classes, double p, bool valued = false)
    {
        var rng = new Random(seed);
        var x = new double[samples][][];
        var labels = new int[samples];
        for (int s = 0; s < samples; s++)
        {
            labels[s] = rng.Next(classes);
            x[s] = new double[steps][];
            for (int t = 0; t < steps; t++)
            {
                x[s][t] = new double[inputs];
                for (int i = 0; i < inputs; i++)
                    if (rng.NextDouble() < p) x[s][t][i] = valued ? (float)(0.25 + 0.75 * rng.NextDouble()) : 1;
            }
        }
        return FromDense(x, labels, classes, valued);
    }

    /// <summary>Randman-like spikes: each input fires exactly once per sample, at a random step.</summary>
    public static SampleSet OncePerUnit(int seed, int samples, int steps, int inputs, int classes)
    {
        var rng = new Random(seed);
        var x = new double[samples][][];
        var labels = new int[samples];
        for (int s = 0; s < samples; s++)
        {
            labels[s] = rng.Next(classes);
            x[s] = Enumerable.Range(0, steps).Select(_ => new double[inputs]).ToArray();
            for (int i = 0; i < inputs; i++) x[s][rng.Next(steps)][i] = 1;
        }
        return FromDense(x, labels, classes);
    }

    /// <summary>Sets every learned β and θ to distinct values per neuron, so that per-neuron gradients are tested.</summary>
    public static void Spread<T>(TrainingNetworkSpec spec, ParameterSet<T> p, int seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new Random(seed);
        for (int l = 0; l < spec.Hidden.Count; l++)
        {
            if (spec.Hidden[l].LearnBeta)
                foreach (ref var b in p[$"layer{l + 1}.beta"].Values.AsSpan()) b = T.CreateChecked(0.6 + 0.35 * rng.NextDouble());
            if (spec.Hidden[l].LearnThreshold)
                foreach (ref var th in p[$"layer{l + 1}.threshold"].Values.AsSpan()) th = T.CreateChecked(0.6 + 0.8 * rng.NextDouble());
        }
    }
}
