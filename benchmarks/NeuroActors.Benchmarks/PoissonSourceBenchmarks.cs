using BenchmarkDotNet.Attributes;
using NeuroActors.Kernel.Neurons;
using NeuroActors.Model;

namespace NeuroActors.Benchmarks;

/// <summary>
/// A poisson_source population (<see cref="PoissonSourceGroup"/>, Brian2's PoissonGroup): one counter-based draw per
/// neuron and step. Reported per neuron-step.
/// </summary>
public class PoissonSourceBenchmarks
{
    /// <summary>Source neurons.</summary>
    public const int Neurons = 10_000;

    /// <summary>Steps per invocation.</summary>
    public const int Steps = 100;

    private NeuronGroup _sources = null!;
    private double[] _excitatory = null!, _inhibitory = null!, _current = null!;
    private int[] _spiked = null!;
    private long _step;

    /// <summary>Builds 10,000 sources at 15 Hz, the rate of the inputs in configs/intro.yaml.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var spec = new NetworkBuilder("sources", dtMs: 0.1).PoissonSource("sources", Neurons, rateHz: 15).Build();
        _sources = NeuronGroupFactory.Create(spec, 0, 0, Neurons, 0);
        // Three arrays, not one shared: the update's input spans must not overlap (it clears the synaptic ones).
        _excitatory = new double[Neurons];
        _inhibitory = new double[Neurons];
        _current = new double[Neurons];
        _spiked = new int[Neurons];
    }

    /// <summary>Advances the sources <see cref="Steps"/> steps; returns the spikes.</summary>
    [Benchmark(OperationsPerInvoke = Neurons * Steps)]
    public int Update()
    {
        int spikes = 0;
        for (int s = 0; s < Steps; s++) spikes += _sources.Update(_step++, _excitatory, _inhibitory, _current, _spiked);
        return spikes;
    }
}
