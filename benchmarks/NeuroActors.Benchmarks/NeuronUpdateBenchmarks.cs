using BenchmarkDotNet.Attributes;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Benchmarks;

/// <summary>
/// One time step of a neuron model, through the kernel's <see cref="NeuronGroup.Update"/>. Reported per neuron-update.
/// Every neuron gets a fixed injected current drawn between 0 and twice its rheobase, so about half of them fire at
/// assorted rates and the spike branch is exercised as in a running network.
/// </summary>
public class NeuronUpdateBenchmarks
{
    /// <summary>Neuron-updates per invocation (neurons × steps); the same for every size so results compare.</summary>
    public const int Updates = 1 << 20;

    private NeuronGroup _group = null!;
    private double[] _excitatory = null!, _inhibitory = null!, _current = null!;
    private int[] _spiked = null!;
    private int _steps;
    private long _step;

    /// <summary>The neuron model (YAML name).</summary>
    [Params("iaf_psc_delta", "iaf_psc_exp", "iaf_cond_exp", "izhikevich")]
    public string Model { get; set; } = "iaf_psc_delta";

    /// <summary>Neurons in the group: from cache-resident to larger than the last-level cache.</summary>
    [Params(1_024, 16_384, 262_144)]
    public int Neurons { get; set; }

    /// <summary>Builds the group with the model's default parameters and draws the input currents.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (_group, _current) = Build(Model, Neurons);
        _excitatory = new double[Neurons];
        _inhibitory = new double[Neurons];
        _spiked = new int[Neurons];
        _steps = Updates / Neurons;
    }

    /// <summary>Advances all neurons by <see cref="Updates"/> / <see cref="Neurons"/> steps; returns the spikes (so nothing is optimised away).</summary>
    [Benchmark(OperationsPerInvoke = Updates)]
    public int Update()
    {
        int spikes = 0;
        // No refill between steps: the update leaves its synaptic input 0, which is the input this benchmark gives.
        for (int s = 0; s < _steps; s++)
            spikes += _group.Update(_step++, _excitatory, _inhibitory, _current, _spiked);
        return spikes;
    }

    /// <summary>
    /// A group of <paramref name="neurons"/> neurons of the model with its default parameters, and a fixed current for
    /// each between 0 and twice the rheobase.
    /// </summary>
    internal static (NeuronGroup Group, double[] Current) Build(string yamlName, int neurons)
    {
        if (!NeuronModels.TryParse(yamlName, out var model)) throw new ArgumentException($"no model {yamlName}");
        var spec = new NetworkBuilder("neurons", dtMs: 0.1)
            .Population("p", neurons, model, initial: InitialV(model))
            .Build();
        var group = NeuronGroupFactory.Create(spec, 0, 0, neurons, 0);
        var random = new System.Random(1);
        var current = new double[neurons];
        for (int i = 0; i < neurons; i++) current[i] = 2 * RheobasePa(model) * random.NextDouble();
        return (group, current);
    }

    // Start between rest and threshold, as networks are usually initialised, so that firing is not synchronous.
    private static Dictionary<string, Distribution> InitialV(NeuronModel model) => new()
    {
        ["v"] = model == NeuronModel.Izhikevich ? Distribution.Uniform(-70, -50) : Distribution.Uniform(-70, -55),
    };

    // The constant current at which a neuron with the model's default (NEST) parameters starts to fire:
    // g_L · (V_th − E_L) for the LIF models (C_m/τ_m = 25 nS; g_L = 16.7 nS for iaf_cond_exp); about 4 for
    // Izhikevich regular spiking.
    private static double RheobasePa(NeuronModel model) =>
        model == NeuronModel.IafCondExp ? 16.6667 * 15 : model == NeuronModel.Izhikevich ? 4 : 250.0 / 10 * 15;
}
