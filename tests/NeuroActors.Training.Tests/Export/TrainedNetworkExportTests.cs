using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Kernel.Tests.Snn;
using NeuroActors.Model;

namespace NeuroActors.Training.Tests.Export;

/// <summary>
/// TrainedNetworkExport: the model file it writes loads and validates clean, holds what the config and tensors say,
/// and runs on 1 and 3 shards to the engine's forward pass (the plain reference): spikes shifted by the layer lag, and
/// the readout bit for bit.
/// </summary>
public class TrainedNetworkExportTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "na-export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<ResetMode, ResetTiming, double, bool, bool, bool> Configurations() => new()
    {
        // reset, timing, alpha, recurrent, learned β and θ, adaptation
        { ResetMode.Subtract, ResetTiming.PreviousStep, 0.0, false, false, false },
        { ResetMode.Subtract, ResetTiming.PreviousStep, 0.6, false, true, false },
        { ResetMode.Zero, ResetTiming.PreviousStep, 0.5, false, false, false },
        { ResetMode.Zero, ResetTiming.SameStep, 0.3, false, true, false },
        { ResetMode.None, ResetTiming.PreviousStep, 0.4, false, false, false },
        { ResetMode.Subtract, ResetTiming.SameStep, 0.7, true, false, false },
        { ResetMode.Subtract, ResetTiming.PreviousStep, 0.5, true, true, true },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void The_exported_model_validates_and_runs_to_the_engines_forward_pass(ResetMode reset, ResetTiming timing, double alpha,
        bool recurrent, bool learned, bool adaptive)
    {
        const int inputs = 16, steps = 30, classes = 4;
        var adaptation = adaptive ? new AdaptationSpec(0.9, 0.2, ResetToAdaptive: true, Detach: true) : null;
        var (spec, parameters) = ExportFixtures.Network<float>((int)reset * 10 + (int)timing + (recurrent ? 100 : 0), inputs, [10, 8], classes,
            reset, timing, alpha, recurrent, learned, adaptation);
        var samples = ExportFixtures.Samples(3, 3, inputs, steps, classes, 0.2);

        var exported = TrainedNetworkExport.Write(_dir, spec, parameters, samples, sample: 2);

        // Loaded from the file as `neuroactors validate` loads it, with nothing to report.
        var loaded = ModelLoader.Load(exported.ModelPath);
        Assert.Empty(ModelValidator.Validate(loaded));
        Assert.Equal(["input", "layer1", "layer2", "readout"], loaded.Populations.Select(p => p.Name));
        Assert.Equal(steps + 3, loaded.Simulation.Steps);
        Assert.Equal(1, loaded.Simulation.DtMs);
        Assert.Equal(new ClassifierReadout("input", "readout", ClassScore.MaxPotential, 3, steps), exported.Readout);
        Assert.Equal(16 * 10 + 10 * 8 + 8 * 4 + (recurrent ? 100 + 64 : 0), loaded.Projections.Sum(p => p.Connector.Connections!.Count));

        var (layers, readout) = ExportFixtures.Reference(spec, parameters);
        var (spikes, potentials) = SnnReference.Forward(steps, ExportFixtures.InputOf(samples, 2), layers, readout);
        Assert.All(spikes, layer => Assert.True(layer.Sum(s => s.Count(x => x)) >= steps / 2, "a silent layer compares nothing"));
        foreach (int shards in new[] { 1, 3 })
        {
            var kernels = SequentialRunner.Run(new NetworkPlan(loaded, shards), loaded.Simulation.Steps);
            var simulated = kernels.SelectMany(k => k.Recordings.Spikes.ToArray()).Order().ToArray();
            AssertLayerSpikes(loaded, spikes, simulated, shards);
            AssertReadout(kernels, potentials, exported.Readout.FirstStep, shards);
        }
    }

    /// <summary>
    /// model-loihi.yaml is model.yaml with backend loihi on the layers and the readout when the network maps onto Loihi's
    /// compartment (zero reset, no synaptic current, no adaptation, one β and θ); otherwise it is not left behind and the
    /// export says why in one line, naming the population and the parameter.
    /// </summary>
    [Theory]
    [InlineData(ResetMode.Zero, 0.0, false, false, null)]
    [InlineData(ResetMode.Subtract, 0.0, false, false, "populations[1].parameters.reset: got 'subtract'; population layer1: reset subtract cannot run on backend loihi")]
    [InlineData(ResetMode.None, 0.0, false, false, "populations[1].parameters.reset: got 'none'; population layer1: reset none")]
    [InlineData(ResetMode.Zero, 0.5, false, false, "populations[1].parameters.alpha: got 0.5; population layer1: a synaptic current")]
    [InlineData(ResetMode.Zero, 0.0, true, false, "populations[1].parameters.threshold[1]")]
    [InlineData(ResetMode.Zero, 0.0, false, true, "populations[1].parameters.adapt_strength: got 0.2; population layer1: an adaptive threshold")]
    public void The_Loihi_variant_is_written_when_the_network_maps_and_why_not_otherwise(ResetMode reset, double alpha, bool learned, bool adaptive,
        string? refusal)
    {
        var adaptation = adaptive ? new AdaptationSpec(0.9, 0.2, ResetToAdaptive: false, Detach: true) : null;
        var (spec, parameters) = ExportFixtures.Network<float>(7, 6, [5, 4], 3, reset, ResetTiming.PreviousStep, alpha, recurrent: true,
            learned: learned, adaptation: adaptation);

        var exported = TrainedNetworkExport.Write(_dir, spec, parameters, ExportFixtures.Samples(2, 2, 6, 10, 3, 0.3));

        string path = Path.Combine(_dir, TrainedNetworkExport.LoihiModelFile);
        if (refusal is null)
        {
            Assert.Null(exported.LoihiRefusal);
            Assert.Equal(path, exported.LoihiModelPath);
            Assert.Equal(["layer1", "layer2", "readout"], exported.LoihiSpec!.Populations.Where(p => p.OnLoihi).Select(p => p.Name));
            var backendLines = File.ReadAllLines(path).Where(line => line.Trim() == "backend: loihi").Count();
            Assert.Equal(3, backendLines);
            Assert.Equal(File.ReadAllLines(exported.ModelPath).Skip(1), File.ReadAllLines(path).Skip(1).Where(line => line.Trim() != "backend: loihi"));
        }
        else
        {
            Assert.StartsWith(refusal, exported.LoihiRefusal);
            Assert.DoesNotContain('\n', exported.LoihiRefusal!);
            Assert.Null(exported.LoihiModelPath);
            Assert.Null(exported.LoihiSpec);
            Assert.False(File.Exists(path));
        }
    }

    [Fact]
    public void A_double_precision_network_exports_its_values_exactly_and_the_spike_count_losses_read_the_last_layer()
    {
        var (spec, parameters) = ExportFixtures.Network<double>(9, 6, [5], 3, ResetMode.Subtract, ResetTiming.PreviousStep, 0,
            learned: true, loss: LossKind.CrossEntropySpikeCount);
        var samples = ExportFixtures.Samples(4, 1, 6, 10, 3, 0.3);

        var exported = TrainedNetworkExport.Write(_dir, spec, parameters, samples);

        Assert.Equal(new ClassifierReadout("input", "layer1", ClassScore.SpikeCount, 1, 10), exported.Readout);
        var layer = exported.Spec.Populations[1];
        Assert.Equal(parameters["layer1.beta"].Values, Enumerable.Range(0, 5).Select(i => layer.Param("beta", i)));
        Assert.Equal(parameters["layer1.bias"].Values, Enumerable.Range(0, 5).Select(i => layer.Param("bias", i)));
        var w = parameters["layer1.weight"].Values;
        var c = exported.Spec.Projections[0].Connector.Connections!;
        for (int k = 0; k < c.Count; k++) Assert.Equal(w[c.Targets[k] * 6 + c.Sources[k]], c.Weights[k]);
        Assert.All(c.DelaysMs, d => Assert.Equal(1.0, d));
        Assert.Equal(11, exported.Spec.Simulation.Steps);
    }

    [Fact]
    public void Samples_the_network_cannot_take_are_refused_with_what_would_do()
    {
        var (spec, parameters) = ExportFixtures.Network<float>(1, 6, [5], 3, ResetMode.Subtract, ResetTiming.PreviousStep, 0);
        var dense = new SampleSet(2, 6, 3, [0], [0, 1, 2], [0, 1], [0.5f, 0.25f]);
        var e = Assert.Throws<ArgumentException>(() => TrainedNetworkExport.Write(_dir, spec, parameters, dense));
        Assert.StartsWith("samples: got values (dense features)", e.Message);

        e = Assert.Throws<ArgumentException>(() => TrainedNetworkExport.Write(_dir, spec, parameters, ExportFixtures.Samples(1, 2, 7, 3, 3, 0.5)));
        Assert.StartsWith("samples: got 7 input units; the network has 6 inputs", e.Message);

        e = Assert.Throws<ArgumentException>(() => TrainedNetworkExport.Write(_dir, spec, parameters, ExportFixtures.Samples(1, 2, 6, 3, 3, 0.5), sample: 2));
        Assert.StartsWith("sample: got 2; valid: 0..1", e.Message);

        var wrong = new ParameterSet<float>(parameters.Tensors.Select(t => t.Name == "layer1.weight" ? t with { Shape = [6, 5] } : t).ToArray());
        e = Assert.Throws<ArgumentException>(() => TrainedNetworkExport.Write(_dir, spec, wrong, ExportFixtures.Samples(1, 2, 6, 3, 3, 0.5)));
        Assert.StartsWith("parameters.layer1.weight: got shape [6, 5]; the network's is [5, 6]", e.Message);
    }

    /// <summary>Layer l's spikes at simulation steps l … T − 1 + l are the reference's at engine steps 0 … T − 1.</summary>
    private static void AssertLayerSpikes(NetworkSpec spec, bool[][][] reference, long[] simulated, int shards)
    {
        int first = spec.Populations[0].Size, steps = reference[0].Length;
        for (int l = 0; l < reference.Length; l++)
        {
            int size = reference[l][0].Length;
            var expected = new List<long>();
            for (int t = 0; t < steps; t++)
                for (int j = 0; j < size; j++)
                    if (reference[l][t][j]) expected.Add(SpikeEvent.Pack(t + l + 1, first + j));
            var actual = simulated.Where(e => SpikeEvent.Gid(e) >= first && SpikeEvent.Gid(e) < first + size && SpikeEvent.Step(e) < steps + l + 1);
            Assert.True(expected.SequenceEqual(actual), $"{shards} shards: layer {l + 1}'s spikes differ from the reference");
            first += size;
        }
    }

    private static void AssertReadout(IReadOnlyList<IShardBackend> kernels, double[][] reference, int lag, int shards)
    {
        foreach (var probe in kernels.SelectMany(k => k.Recordings.Probes))
            for (int n = 0; n < probe.Neurons.Length; n++)
                for (int s = 0; s < probe.Steps.Count; s++)
                {
                    long t = probe.Steps[s] - lag;
                    if (t < 0 || t >= reference.Length) continue;
                    double v = probe.Values[0][n][s], r = reference[t][probe.Neurons[n]];
                    if (BitConverter.DoubleToInt64Bits(v) != BitConverter.DoubleToInt64Bits(r))
                        Assert.Fail($"{shards} shards: readout {probe.Neurons[n]} at engine step {t} is {v:R}, the reference {r:R}");
                }
    }
}
