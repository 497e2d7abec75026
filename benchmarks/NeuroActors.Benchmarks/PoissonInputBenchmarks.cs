using BenchmarkDotNet.Attributes;
using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;

namespace NeuroActors.Benchmarks;

/// <summary>
/// Poisson input, reported per neuron-step: a poisson_generator stimulus alone (<see cref="ShardStimuli.Apply"/>),
/// and the same stimulus driving an iaf_psc_delta population through whole shard steps (<see cref="ShardKernel.Advance"/>).
/// </summary>
public class PoissonInputBenchmarks
{
    /// <summary>Neurons driven.</summary>
    public const int Neurons = 10_000;

    /// <summary>Steps per invocation.</summary>
    public const int Steps = 100;

    private double[] _excitatory = null!, _inhibitory = null!, _current = null!;
    private ShardStimuli _stimuli = null!;
    private ShardKernel _kernel = null!;
    private long _step;

    /// <summary>
    /// Rate per neuron: 10 Hz is one typical input train; 20 kHz is Brunel's pooled external drive
    /// (λ = 2 events per 0.1 ms step), where the inversion walks further along the cumulative table.
    /// </summary>
    [Params(10.0, 20_000.0)]
    public double RateHz { get; set; }

    /// <summary>Builds a Brunel-like driven population in one shard.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var driven = new NetworkBuilder("driven", dtMs: 0.1)
            .Population("driven", Neurons, NeuronModel.IafPscDelta,
                new() { ["tau_m"] = 20, ["c_m"] = 1, ["e_l"] = 0, ["v_th"] = 20, ["v_reset"] = 10, ["t_ref"] = 2 },
                new() { ["v"] = Distribution.Uniform(0, 20) })
            .Poisson("driven", RateHz, weight: 0.1)
            .Build();
        var plan = new NetworkPlan(driven, 1);
        _kernel = new ShardKernel(plan, 0);
        // One population in one shard: local indices are neuron indices.
        _stimuli = new ShardStimuli(plan, (_, index) => index);
        _excitatory = new double[Neurons];
        _inhibitory = new double[Neurons];
        _current = new double[Neurons];
    }

    /// <summary>The generator's draws and their addition into the excitatory input, without any neuron update.</summary>
    [Benchmark(OperationsPerInvoke = Neurons * Steps)]
    public long Generator()
    {
        long events = 0;
        for (int s = 0; s < Steps; s++)
        {
            _excitatory.AsSpan().Clear();
            events += _stimuli.Apply(_step++, _excitatory, _inhibitory, _current);
        }
        return events;
    }

    /// <summary>Whole shard steps of the driven population: generator, ring buffer, neuron update and outbox.</summary>
    [Benchmark(OperationsPerInvoke = Neurons * Steps)]
    public long ShardStep()
    {
        _kernel.Advance(_kernel.Step + Steps);
        int emitted = _kernel.Outbox.Count;
        _kernel.Outbox.Clear();
        return emitted;
    }
}
