using BenchmarkDotNet.Attributes;
using NeuroActors.Kernel.Neurons;

namespace NeuroActors.Benchmarks;

/// <summary>
/// iaf_cond_exp's update through each instruction-set path (the kernel takes the widest the machine runs; the
/// results are bitwise the same), 4,000 neurons with the Vogels-Abbott parameters. Every step brings every neuron
/// 0.3 nS of excitation and 1.5 nS of inhibition (steady conductances near 15 and 150 nS: without input they would
/// decay into subnormal numbers, whose arithmetic is many times slower and says nothing about a running network)
/// and a fixed current between 0 and twice the rheobase under those conductances (3.85 nA), so about half of the
/// neurons fire. Reported per neuron-update; paths the machine lacks fall back to the next narrower one.
/// </summary>
public class IafCondExpPathBenchmarks
{
    private const int Neurons = 4_000, Steps = 256;
    private IafCondExp _group = null!;
    private double[] _excitatory = null!, _inhibitory = null!, _current = null!;
    private int[] _spiked = null!;

    /// <summary>The path: scalar, avx (four lanes) or avx512 (eight lanes).</summary>
    [Params("scalar", "avx", "avx512")]
    public string Path { get; set; } = "avx512";

    private SimdPath _path;

    /// <summary>Builds the group with the Vogels-Abbott parameters and a COBA-like state.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path switch { "scalar" => SimdPath.Scalar, "avx" => SimdPath.Vector256, _ => SimdPath.Vector512 };
        _group = new IafCondExp(Neurons, 0.1, cM: 200, gL: 10, eL: -60, eEx: 0, eIn: -80, vTh: -50, vReset: -60, tRef: 5,
            tauSynEx: 5, tauSynIn: 10, iE: 0);
        var random = new System.Random(1);
        double[] v = _group.Variable(0), gEx = _group.Variable(1), gIn = _group.Variable(2);
        for (int i = 0; i < Neurons; i++)
        {
            v[i] = -60 + 10 * random.NextDouble();
            gEx[i] = 15;
            gIn[i] = 150;
        }
        _excitatory = new double[Neurons];
        _inhibitory = new double[Neurons];
        _current = new double[Neurons];
        for (int i = 0; i < Neurons; i++) _current[i] = 2 * 3850 * random.NextDouble();
        _spiked = new int[Neurons];
    }

    /// <summary>Advances all neurons by <see cref="Steps"/> steps; returns the spikes (so nothing is optimised away).</summary>
    [Benchmark(OperationsPerInvoke = Neurons * Steps)]
    public int Update()
    {
        int spikes = 0;
        for (int s = 0; s < Steps; s++)
        {
            // The update consumes its input (leaves it 0), and without the steady input the conductances would decay
            // into subnormals: refill it every step. The fill is timed along with the update.
            Array.Fill(_excitatory, 0.3);
            Array.Fill(_inhibitory, 1.5);
            spikes += _group.Update(_excitatory, _inhibitory, _current, _spiked, _path);
        }
        return spikes;
    }
}
