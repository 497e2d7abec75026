using BenchmarkDotNet.Attributes;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Benchmarks;

/// <summary>
/// Each neuron model's update through each instruction-set path (the kernel takes the widest the machine runs; the
/// results are bitwise the same), on 4,003 neurons, so that every vector path also runs its scalar tail. Set up as
/// <see cref="NeuronUpdateBenchmarks"/> (default parameters, a fixed current between 0 and twice the rheobase).
/// Reported per neuron-update; paths the machine lacks fall back to the next narrower one.
/// </summary>
public class NeuronPathBenchmarks
{
    private const int Neurons = 4_003, Steps = 256;
    private VectorNeuronGroup _group = null!;
    private double[] _excitatory = null!, _inhibitory = null!, _current = null!;
    private int[] _spiked = null!;
    private SimdPath _path;

    /// <summary>The neuron model (YAML name).</summary>
    [Params("iaf_psc_delta", "iaf_psc_exp", "iaf_cond_exp", "izhikevich")]
    public string Model { get; set; } = "iaf_psc_delta";

    /// <summary>The path: scalar, avx (four lanes) or avx512 (eight lanes).</summary>
    [Params("scalar", "avx", "avx512")]
    public string Path { get; set; } = "avx512";

    /// <summary>Builds the group and draws the input currents.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path switch { "scalar" => SimdPath.Scalar, "avx" => SimdPath.Vector256, _ => SimdPath.Vector512 };
        var (group, current) = NeuronUpdateBenchmarks.Build(Model, Neurons);
        _group = (VectorNeuronGroup)group;
        _current = current;
        _excitatory = new double[Neurons];
        _inhibitory = new double[Neurons];
        _spiked = new int[Neurons];
    }

    /// <summary>Advances all neurons by <see cref="Steps"/> steps; returns the spikes (so nothing is optimised away).</summary>
    [Benchmark(OperationsPerInvoke = Neurons * Steps)]
    public int Update()
    {
        int spikes = 0;
        for (int s = 0; s < Steps; s++) spikes += _group.Update(_excitatory, _inhibitory, _current, _spiked, _path);
        return spikes;
    }
}
