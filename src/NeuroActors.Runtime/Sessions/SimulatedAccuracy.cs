using NeuroActors.Model;
using NeuroActors.Results;

namespace NeuroActors.Runtime.Sessions;

/// <summary>What a classifier did over a set of trials in the simulator.</summary>
/// <param name="Correct">Trials whose predicted class is the label.</param>
/// <param name="Count">Trials run.</param>
/// <param name="Predicted">The predicted class of each trial, in order.</param>
/// <param name="Scores">Each trial's score per class (<see cref="ClassifierReadout.Score"/>).</param>
public sealed record ClassifierAccuracy(int Correct, int Count, int[] Predicted, double[][] Scores)
{
    /// <summary>Correct ÷ Count (0 without trials).</summary>
    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;
}

/// <summary>
/// A driver that measures a classifier's accuracy through the simulator: one build, then for every trial the session is
/// reset, the input population is given the trial's spike times, the trial's steps are run and the recordings
/// collected, and the class is the output neuron with the highest score (the lowest index among equals, as PyTorch's
/// <c>argmax</c>). Trained networks exported by <c>TrainedNetworkExport</c> are measured this way (docs/training.md).
/// </summary>
public static class SimulatedAccuracy
{
    /// <summary>Runs every trial of <paramref name="trials"/> on one session of <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The readout names a population the model does not have, the input is not a spike_source_array, the output is
    /// not recorded as the score needs (its <c>v</c>, or its spikes), the model is shorter than a trial, or a label is
    /// not a class of the output.
    /// </exception>
    public static async Task<ClassifierAccuracy> MeasureAsync(NetworkSpec spec, ClassifierReadout readout, IReadOnlyList<ClassifierTrial> trials,
        SessionOptions? options = null, CancellationToken cancellation = default)
    {
        int classes = Check(spec, readout, trials);
        double dt = spec.Simulation.DtMs;
        var predicted = new int[trials.Count];
        var scores = new double[trials.Count][];
        int correct = 0;
        await using var session = await Session.BuildAsync(spec, options, cancellation);
        for (int k = 0; k < trials.Count; k++)
        {
            await session.ResetStateAsync(0, cancellation);
            await session.SetSpikeTimesAsync(readout.InputPopulation, trials[k].InputSpikeTimesMs, cancellation);
            await session.RunAsync((readout.FirstStep + readout.Steps) * dt, cancellation);
            scores[k] = Scores(await session.CollectAsync(cancellation), readout, classes, dt);
            predicted[k] = ArgMax(scores[k]);
            if (predicted[k] == trials[k].Label) correct++;
        }
        return new ClassifierAccuracy(correct, trials.Count, predicted, scores);
    }

    /// <summary>
    /// The score of each of the <paramref name="classes"/> output neurons in <paramref name="result"/>, over simulation
    /// steps [FirstStep, FirstStep + Steps) (a sample or spike stamped (s + 1)·dt belongs to step s).
    /// </summary>
    public static double[] Scores(RunResult result, ClassifierReadout readout, int classes, double dtMs)
    {
        long first = readout.FirstStep, end = readout.FirstStep + readout.Steps;
        long StepOf(double timeMs) => (long)Math.Round(timeMs / dtMs) - 1;
        var scores = new double[classes];
        if (readout.Score == ClassScore.SpikeCount)
        {
            var spikes = result.Spikes.Single(s => s.Population == readout.OutputPopulation);
            for (int i = 0; i < spikes.TimesMs.Length; i++)
            {
                long s = StepOf(spikes.TimesMs[i]);
                if (s >= first && s < end) scores[spikes.NeuronIds[i]]++;
            }
            return scores;
        }
        var trace = result.Traces.Single(t => t.Population == readout.OutputPopulation && t.Variable == "v");
        Array.Fill(scores, double.NegativeInfinity);
        for (int k = 0; k < trace.TimesMs.Length; k++)
        {
            long s = StepOf(trace.TimesMs[k]);
            if (s < first || s >= end || (readout.Score == ClassScore.LastPotential && s != end - 1)) continue;
            for (int n = 0; n < trace.NeuronIds.Length; n++)
                scores[trace.NeuronIds[n]] = Math.Max(scores[trace.NeuronIds[n]], trace.Values[n][k]);
        }
        return scores;
    }

    /// <summary>The index of the largest score, the lowest among equals.</summary>
    public static int ArgMax(ReadOnlySpan<double> scores)
    {
        int best = 0;
        for (int c = 1; c < scores.Length; c++) if (scores[c] > scores[best]) best = c;
        return best;
    }

    private static int Check(NetworkSpec spec, ClassifierReadout readout, IReadOnlyList<ClassifierTrial> trials)
    {
        var input = spec.Populations.FirstOrDefault(p => p.Name == readout.InputPopulation)
            ?? throw new ArgumentException($"readout.InputPopulation: got '{readout.InputPopulation}'; the model has populations {string.Join(", ", spec.Populations.Select(p => p.Name))}", nameof(readout));
        if (input.Model != NeuronModel.SpikeSourceArray)
            throw new ArgumentException($"readout.InputPopulation: got '{input.Name}', a {input.Model.YamlName}; the input must be a spike_source_array", nameof(readout));
        var output = spec.Populations.FirstOrDefault(p => p.Name == readout.OutputPopulation)
            ?? throw new ArgumentException($"readout.OutputPopulation: got '{readout.OutputPopulation}'; the model has populations {string.Join(", ", spec.Populations.Select(p => p.Name))}", nameof(readout));
        bool recorded = spec.Recorders.Any(r => r.Population == output.Name && r.Neurons is null && (readout.Score == ClassScore.SpikeCount
            ? r.Kind == RecorderKind.Spikes
            : r.Kind == RecorderKind.State && r.Variables?.Contains("v") == true && r.IntervalSteps == 1));
        if (!recorded)
            throw new ArgumentException($"readout.OutputPopulation: '{output.Name}' is not recorded as {readout.Score} needs: record " +
                (readout.Score == ClassScore.SpikeCount ? "its spikes" : "its v at every step") + ", for every neuron", nameof(readout));
        if (readout.FirstStep < 0 || readout.Steps < 1)
            throw new ArgumentException($"readout: got steps {readout.FirstStep}..{readout.FirstStep + readout.Steps - 1}; valid: a first step >= 0 and at least 1 step", nameof(readout));
        for (int k = 0; k < trials.Count; k++)
            if ((uint)trials[k].Label >= (uint)output.Size)
                throw new ArgumentException($"trials[{k}].Label: got {trials[k].Label}; valid: a class of '{output.Name}', 0..{output.Size - 1}", nameof(trials));
        return output.Size;
    }
}
