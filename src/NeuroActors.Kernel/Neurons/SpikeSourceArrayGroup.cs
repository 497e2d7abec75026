using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>Spike source replaying given spike times rounded to the dt grid (PyNN's SpikeSourceArray); a time t is recorded as t.</summary>
public sealed class SpikeSourceArrayGroup : NeuronGroup, INeuronModelGroup
{
    private static readonly string[] Names = Array.Empty<string>();
    private long[] _events;   // (step << 32 | neuron), sorted
    private int _cursor;

    /// <summary>Creates the group from one list of times (ms) per neuron of this slice.</summary>
    public SpikeSourceArrayGroup(int count, double dtMs, IReadOnlyList<double[]> timesMs) : base(count, dtMs)
    {
        _events = Events(count, dtMs, timesMs);
    }

    /// <inheritdoc/>
    public static NeuronModel Model => NeuronModel.SpikeSourceArray;

    /// <inheritdoc/>
    public static NeuronGroup Create(GroupSlice slice) =>
        new SpikeSourceArrayGroup(slice.Count, slice.DtMs, slice.Pop.SpikeTimes!.Skip(slice.Start).Take(slice.Count).ToArray());

    /// <summary>
    /// Replaces the spike times (one sorted list in ms per neuron of this slice) from step <paramref name="step"/> on:
    /// times before that step are not emitted. The caller validates the times.
    /// </summary>
    public void SetSpikeTimes(IReadOnlyList<double[]> timesMs, long step)
    {
        if (timesMs.Count != Count) throw new ArgumentException($"give one list of times per neuron of the slice ({Count}), not {timesMs.Count}", nameof(timesMs));
        _events = Events(Count, DtMs, timesMs);
        OnRestored(step);
    }

    private static long[] Events(int count, double dtMs, IReadOnlyList<double[]> timesMs)
    {
        var events = new List<long>();
        for (int i = 0; i < count; i++)
        {
            long last = -1;
            foreach (double t in timesMs[i])
            {
                // Emitted in the step that ends at the grid point nearest t, so the recorded time is t (as NEST's spike_generator).
                long step = (long)Math.Round(t / dtMs) - 1;
                if (step == last) continue; // one spike per step and neuron
                events.Add(step << 32 | (uint)i);
                last = step;
            }
        }
        var sorted = events.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Variables => Names;

    /// <inheritdoc/>
    public override double[] Variable(int index) => throw new ArgumentOutOfRangeException(nameof(index), "spike sources have no state variables");

    /// <inheritdoc/>
    public override int Update(long step, Span<double> excitatory, Span<double> inhibitory,
        ReadOnlySpan<double> current, Span<int> spiked)
    {
        // Sources take no input; clearing it keeps the update's contract that the ring slot comes back empty.
        excitatory.Clear();
        inhibitory.Clear();
        int n = 0;
        while (_cursor < _events.Length && (_events[_cursor] >> 32) <= step)
        {
            if ((_events[_cursor] >> 32) == step) spiked[n++] = (int)(uint)_events[_cursor];
            _cursor++;
        }
        return n;
    }

    /// <inheritdoc/>
    public override void OnRestored(long step)
    {
        _cursor = 0;
        while (_cursor < _events.Length && (_events[_cursor] >> 32) < step) _cursor++;
    }
}
