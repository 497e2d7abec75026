using BenchmarkDotNet.Attributes;
using NeuroActors.Training;

namespace NeuroActors.Benchmarks;

/// <summary>
/// The training engine on a Randman-like chunk, reported per sample: 100 inputs each firing once in 100 steps,
/// 128 LIF neurons (snnTorch's Leaky: subtract reset from the previous step, detached), a 10-class leaky readout,
/// cross-entropy on the readout's maximum, fast-sigmoid surrogate, float32, chunks of 32 samples.
/// An epoch of the easy Randman setting is 8,000 such samples.
/// </summary>
public class TrainingEngineBenchmarks
{
    /// <summary>Samples per chunk.</summary>
    public const int Chunk = 32;

    private const int Steps = 100, Inputs = 100, Hidden = 128, Classes = 10;

    private GradientEngine<float> _engine = null!;
    private ParameterSet<float> _parameters = null!, _gradient = null!;
    private SampleSet _data = null!;
    private int[] _samples = null!, _predictions = null!;

    /// <summary>Builds the chunk and the network (PyTorch's initialisation, gain 5 so that the hidden layer spikes).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        var labels = new int[Chunk];
        var offsets = new List<int> { 0 };
        var units = new List<int>();
        for (int s = 0; s < Chunk; s++)
        {
            labels[s] = rng.Next(Classes);
            var at = new int[Inputs];
            for (int i = 0; i < Inputs; i++) at[i] = rng.Next(Steps);
            for (int t = 0; t < Steps; t++)
            {
                for (int i = 0; i < Inputs; i++) if (at[i] == t) units.Add(i);
                offsets.Add(units.Count);
            }
        }
        _data = new SampleSet(Steps, Inputs, Classes, labels, offsets.ToArray(), units.ToArray(), null);
        var spec = new TrainingNetworkSpec(Inputs,
            [new LifLayerSpec(Hidden, 0.95, 0, 1, ResetMode.Subtract, ResetTiming.PreviousStep, true, false, false, false, false, null, new WeightInit(5))],
            new ReadoutSpec(Classes, 0.95, 0, false, new WeightInit()), new SurrogateSpec(SurrogateKind.FastSigmoid, 25),
            new LossSpec(LossKind.CrossEntropyMaxMembrane), new RegularizerSpec());
        _engine = new GradientEngine<float>(spec);
        _parameters = NetworkInit.Create<float>(spec, 1);
        _gradient = _parameters.ZerosLike();
        _samples = Enumerable.Range(0, Chunk).ToArray();
        _predictions = new int[Chunk];
    }

    /// <summary>Forward and backward through time of the chunk, summing its gradient.</summary>
    [Benchmark(OperationsPerInvoke = Chunk)]
    public double Accumulate() => _engine.Accumulate(_parameters, _data, _samples, _gradient).LossSum;

    /// <summary>Forward only, with predictions.</summary>
    [Benchmark(OperationsPerInvoke = Chunk)]
    public double Evaluate() => _engine.Evaluate(_parameters, _data, _samples, _predictions).LossSum;
}
