namespace NeuroActors.Training;

/// <summary>
/// Labelled samples, each <see cref="Steps"/> steps of input to <see cref="Inputs"/> units, stored as events:
/// for sample s and step t the inputs active at t are <c>Units[Offsets[s·Steps + t] .. Offsets[s·Steps + t + 1]]</c>,
/// in increasing unit order, with <c>Values</c> at the same positions, or value 1 when <see cref="Values"/> is null
/// (binary spikes). Spike trains are mostly empty, so the engine sums weight rows only for the events that occurred;
/// dense features are the case where every unit is an event on every step.
/// </summary>
public sealed class SampleSet
{
    /// <summary>Creates a sample set and checks that its arrays agree.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length or holds an out-of-range value.</exception>
    public SampleSet(int steps, int inputs, int classes, int[] labels, int[] offsets, int[] units, float[]? values)
    {
        if (steps <= 0) throw new ArgumentException($"steps {steps}: must be at least 1", nameof(steps));
        if (inputs <= 0) throw new ArgumentException($"inputs {inputs}: must be at least 1", nameof(inputs));
        if (classes < 2) throw new ArgumentException($"classes {classes}: must be at least 2", nameof(classes));
        if (offsets.Length != labels.Length * (long)steps + 1)
            throw new ArgumentException($"offsets has {offsets.Length} entries: must be samples·steps + 1 = {labels.Length * (long)steps + 1}", nameof(offsets));
        if (offsets[0] != 0 || offsets[^1] != units.Length)
            throw new ArgumentException($"offsets must run from 0 to the number of events ({units.Length})", nameof(offsets));
        if (values is not null && values.Length != units.Length)
            throw new ArgumentException($"values has {values.Length} entries: must be one per event ({units.Length})", nameof(values));
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"label of sample {i} is {labels[i]}: must be in 0..{classes - 1}", nameof(labels));
        Steps = steps; Inputs = inputs; Classes = classes;
        Labels = labels; Offsets = offsets; Units = units; Values = values;
    }

    /// <summary>Steps per sample.</summary>
    public int Steps { get; }
    /// <summary>Input units.</summary>
    public int Inputs { get; }
    /// <summary>Number of classes; labels are 0..Classes−1.</summary>
    public int Classes { get; }
    /// <summary>Number of samples.</summary>
    public int Count => Labels.Length;
    /// <summary>Class of each sample.</summary>
    public int[] Labels { get; }
    /// <summary>Event offsets per (sample, step); length Count·Steps + 1.</summary>
    public int[] Offsets { get; }
    /// <summary>Active unit of each event.</summary>
    public int[] Units { get; }
    /// <summary>Value of each event, or null when every event is a spike of value 1.</summary>
    public float[]? Values { get; }

    /// <summary>The units active in sample <paramref name="sample"/> at step <paramref name="step"/>.</summary>
    public ReadOnlySpan<int> UnitsAt(int sample, int step)
    {
        int k = sample * Steps + step;
        return Units.AsSpan(Offsets[k], Offsets[k + 1] - Offsets[k]);
    }

    /// <summary>The values of the events of <see cref="UnitsAt"/>, or an empty span for binary spikes.</summary>
    public ReadOnlySpan<float> ValuesAt(int sample, int step)
    {
        if (Values is null) return ReadOnlySpan<float>.Empty;
        int k = sample * Steps + step;
        return Values.AsSpan(Offsets[k], Offsets[k + 1] - Offsets[k]);
    }

    /// <summary>A new set holding the given samples, in the given order (for train/test splits).</summary>
    public SampleSet Subset(ReadOnlySpan<int> samples)
    {
        var labels = new int[samples.Length];
        var offsets = new int[samples.Length * Steps + 1];
        int events = 0;
        foreach (int s in samples) events += Offsets[(s + 1) * Steps] - Offsets[s * Steps];
        var units = new int[events];
        var values = Values is null ? null : new float[events];
        int e = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            int s = samples[i];
            labels[i] = Labels[s];
            for (int t = 0; t < Steps; t++)
            {
                int from = Offsets[s * Steps + t], to = Offsets[s * Steps + t + 1];
                Array.Copy(Units, from, units, e, to - from);
                if (values is not null) Array.Copy(Values!, from, values, e, to - from);
                e += to - from;
                offsets[i * Steps + t + 1] = e;
            }
        }
        return new SampleSet(Steps, Inputs, Classes, labels, offsets, units, values);
    }
}
