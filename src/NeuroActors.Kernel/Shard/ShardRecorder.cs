using NeuroActors.Kernel.Network;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// What a shard's recorders hold until they are handed on: the spikes of recorded neurons and the samples of its
/// state probes. The model's recorders decide which of the shard's neurons are recorded; the backend adds spikes and
/// takes samples as it computes. Local neuron l is the l-th neuron the shard holds in gid order.
/// </summary>
public sealed class ShardRecorder
{
    private readonly StateProbe[] _probes; // loops run over the array: no enumerator per window part
    /// <summary>The recordings of shard <paramref name="shard"/> of <paramref name="plan"/>.</summary>
    /// <param name="plan">The partition.</param>
    /// <param name="shard">The shard.</param>
    /// <param name="variableIndex">Column of a population's variable (by name) in the backend's state, for the probes.</param>
    public ShardRecorder(NetworkPlan plan, int shard, Func<int, string, int> variableIndex)
    {
        var spec = plan.Spec;
        int n = spec.Populations.Count;
        var localStart = new int[n];
        int local = 0;
        for (int p = 0; p < n; p++)
        {
            localStart[p] = local;
            local += plan.Slice(p, shard).Count;
        }
        SpikeRecorded = new bool[local];
        var probes = new List<StateProbe>();
        foreach (var rec in spec.Recorders)
        {
            if (rec.Kind == RecorderKind.Weights) continue; // the plastic synapses record into Weights
            int p = spec.PopulationIndex(rec.Population);
            var (start, count) = plan.Slice(p, shard);
            var neurons = rec.Neurons ?? Enumerable.Range(0, spec.Populations[p].Size).ToArray();
            var mine = neurons.Where(i => i >= start && i < start + count).ToArray();
            if (rec.Kind == RecorderKind.Spikes)
            {
                foreach (int i in mine) SpikeRecorded[localStart[p] + i - start] = true;
                continue;
            }
            if (mine.Length == 0) continue;
            var variables = rec.Variables!.Select(v => variableIndex(p, v)).ToArray();
            probes.Add(new StateProbe(rec, p, mine, mine.Select(i => i - start).ToArray(), variables));
        }
        _probes = [.. probes];
    }

    /// <summary>Per local neuron: whether its spikes are recorded.</summary>
    public bool[] SpikeRecorded { get; }

    /// <summary>Recorded spikes (<see cref="SpikeEvent"/>) in (step, gid) order.</summary>
    public LongBuffer Spikes { get; } = new(1024);

    /// <summary>Updates of recorded plastic synapses (weight recorders), in delivery order.</summary>
    public WeightRecords Weights { get; } = new();

    /// <summary>State recorders with neurons in this shard.</summary>
    public IReadOnlyList<StateProbe> Probes => _probes;

    /// <summary>Recorded values held: spikes, and per state sample its step and one value per neuron and variable.</summary>
    public long Values
    {
        get
        {
            // A weight record is 24 bytes: three values' worth.
            long values = Spikes.Count + 3L * Weights.Count;
            foreach (var probe in _probes) values += (long)probe.Steps.Count * (1 + probe.Neurons.Length * probe.Variables.Length);
            return values;
        }
    }

    /// <summary>
    /// Forgets what was recorded at step <paramref name="step"/> and later (spikes and state samples), so that the
    /// recordings of a restored shard go on from the restored step as if the later steps had never been computed.
    /// Weight records are cut apart (<see cref="WeightRecords.TruncateFrom"/>), before the restore: they belong to the
    /// step of the presynaptic spike, and the spikes of the snapshot still undelivered are delivered, and recorded
    /// again, by the restore itself.
    /// </summary>
    [BetweenRuns]
    public void TruncateFrom(long step)
    {
        var spikes = Spikes.Span;
        int keep = spikes.Length;
        while (keep > 0 && SpikeEvent.Step(spikes[keep - 1]) >= step) keep--;
        Spikes.Truncate(keep);
        foreach (var probe in _probes) probe.TruncateFrom(step);
    }

    /// <summary>Forgets every recorded spike and sample (once they have been handed on).</summary>
    public void Clear()
    {
        Spikes.Clear();
        Weights.Clear();
        foreach (var probe in _probes) probe.Clear();
    }
}
