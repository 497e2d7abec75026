using NeuroActors.Kernel.Tests.Snn;
using NeuroActors.Model;
using NeuroActors.Runtime.Sessions;
using NeuroActors.Runtime.Tests.Wire;
using NeuroActors.Training;
using NeuroActors.Training.Tests.Export;

namespace NeuroActors.Runtime.Tests.Sessions;

/// <summary>
/// SimulatedAccuracy on exported networks: one session, a trial per test sample; every trial's class scores, its
/// prediction and the accuracy are those of the engine's forward pass (the plain reference) on the same samples.
/// </summary>
public class SimulatedAccuracyTests : IDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(3);
    private readonly string _dir = Directory.CreateTempSubdirectory("simulated-accuracy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(LossKind.CrossEntropyMaxMembrane, 2)]
    [InlineData(LossKind.CrossEntropyLastMembrane, 1)]
    [InlineData(LossKind.CrossEntropySpikeCount, 3)]
    public async Task The_accuracy_through_a_session_is_the_reference_forward_passes(LossKind loss, int shards)
    {
        const int inputs = 12, steps = 20, classes = 3, count = 8;
        var (spec, parameters) = ExportFixtures.Network<float>(21, inputs, [16, classes], classes, ResetMode.Subtract,
            ResetTiming.PreviousStep, 0.5, loss: loss, gain: 6);
        var samples = ExportFixtures.Samples(22, count, inputs, steps, classes, 0.25);
        var exported = TrainedNetworkExport.Write(_dir, spec, parameters, samples);

        var measured = await SimulatedAccuracy.MeasureAsync(exported.Spec, exported.Readout, TrainedNetworkExport.Trials(samples),
            new SessionOptions { Shards = shards, Config = SerializeMessagesRunTests.Strict }).WaitAsync(Guard);

        var (layers, readout) = ExportFixtures.Reference(spec, parameters);
        int correct = 0;
        for (int s = 0; s < count; s++)
        {
            var (spikes, potentials) = SnnReference.Forward(steps, ExportFixtures.InputOf(samples, s), layers, readout);
            double[] scores = loss switch
            {
                LossKind.CrossEntropyMaxMembrane => Enumerable.Range(0, classes).Select(c => potentials.Max(p => p[c])).ToArray(),
                LossKind.CrossEntropyLastMembrane => potentials[^1],
                _ => Enumerable.Range(0, classes).Select(c => (double)spikes[^1].Count(t => t[c])).ToArray(),
            };
            Assert.Equal(scores, measured.Scores[s]);
            int predicted = SimulatedAccuracy.ArgMax(scores);
            Assert.Equal(predicted, measured.Predicted[s]);
            if (predicted == samples.Labels[s]) correct++;
        }
        Assert.Equal(correct, measured.Correct);
        Assert.Equal(count, measured.Count);
        Assert.Equal((double)correct / count, measured.Accuracy);
        // The trials differ, so each was run with its own input.
        Assert.True(measured.Scores.Select(x => string.Join(",", x)).Distinct().Count() > count / 2,
            string.Join(" | ", measured.Scores.Select(x => string.Join(",", x))));
    }

    [Fact]
    public async Task A_readout_the_model_cannot_give_is_refused_before_anything_runs()
    {
        var (spec, parameters) = ExportFixtures.Network<float>(1, 4, [3], 2, ResetMode.Subtract, ResetTiming.PreviousStep, 0);
        var samples = ExportFixtures.Samples(2, 2, 4, 5, 2, 0.3);
        var exported = TrainedNetworkExport.Write(_dir, spec, parameters, samples);
        var trials = TrainedNetworkExport.Trials(samples);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => SimulatedAccuracy.MeasureAsync(exported.Spec, exported.Readout with { OutputPopulation = "layer1" }, trials));
        Assert.StartsWith("readout.OutputPopulation: 'layer1' is not recorded as MaxPotential needs: record its v at every step", e.Message);
        e = await Assert.ThrowsAsync<ArgumentException>(() => SimulatedAccuracy.MeasureAsync(exported.Spec, exported.Readout with { InputPopulation = "layer1" }, trials));
        Assert.StartsWith("readout.InputPopulation: got 'layer1', a snn_leaky; the input must be a spike_source_array", e.Message);
        e = await Assert.ThrowsAsync<ArgumentException>(() => SimulatedAccuracy.MeasureAsync(exported.Spec, exported.Readout, [trials[0] with { Label = 2 }]));
        Assert.StartsWith("trials[0].Label: got 2; valid: a class of 'readout', 0..1", e.Message);
    }
}
