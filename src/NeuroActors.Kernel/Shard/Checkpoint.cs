using System.Security.Cryptography;
using System.Text;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The state of a whole network at a step, gathered from every shard and keyed by global ids, so a run can resume
/// from it with any number of shards. Written at any step: input already delivered travels in
/// <see cref="Pending"/>, spikes not yet delivered to their targets (from the last window at most) in
/// <see cref="Outbox"/>, and a restore delivers them first, whatever the shards or packets per window. The weights
/// of projections whose weights were set since the build travel in <see cref="Weights"/>.
/// The kernel does no file I/O: NeuroActors.Storage writes and reads checkpoints.
/// </summary>
public sealed record Checkpoint(string Fingerprint, long Step, double DtMs, NeuronState[] Neurons, PendingInput[] Pending, long[] Outbox)
{
    /// <summary>
    /// The weights of every projection whose weights were set since the build (see <see cref="ShardSnapshot.Weights"/>),
    /// one entry per projection; the others have the weights the build generates.
    /// </summary>
    public IReadOnlyList<SynapseWeights> Weights { get; init; } = [];

    /// <summary>The postsynaptic spikes archived for plastic synapses (see <see cref="ShardSnapshot.Archive"/>).</summary>
    public ArchivedSpikes Archive { get; init; } = ArchivedSpikes.None;

    /// <summary>Merges shard snapshots taken at the same step.</summary>
    public static Checkpoint From(NetworkSpec spec, IEnumerable<ShardSnapshot> shards)
    {
        var list = shards.ToList();
        long step = list[0].Step;
        if (list.Any(s => s.Step != step)) throw new InvalidOperationException("shard snapshots are from different steps");
        var outbox = list.SelectMany(s => s.Outbox).ToArray();
        Array.Sort(outbox);
        return new Checkpoint(FingerprintOf(spec), step, spec.Simulation.DtMs,
            list.SelectMany(s => s.Neurons).OrderBy(n => n.Gid).ToArray(),
            list.SelectMany(s => s.Pending).OrderBy(p => p.Gid).ThenBy(p => p.Receptor).ThenBy(p => p.Step).ToArray(),
            outbox)
        {
            Weights = MergeWeights(list.SelectMany(s => s.Weights)),
            Archive = ArchivedSpikes.Merge(list.Select(s => s.Archive)),
        };
    }

    /// <summary>One entry per projection, in (target, source, multapse) order: shards hold disjoint targets.</summary>
    private static SynapseWeights[] MergeWeights(IEnumerable<SynapseWeights> blocks) => blocks
        .GroupBy(b => b.Projection)
        .OrderBy(g => g.Key)
        .Select(g =>
        {
            bool plastic = g.Any(b => b.Trace is not null);
            var entries = g.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => (b.Target[i], b.Source[i], b.Multapse[i], b.Weight[i],
                    b.Trace?[i] ?? 0f, b.LastSpike?[i] ?? -1L)))
                .OrderBy(e => e.Item1).ThenBy(e => e.Item2).ThenBy(e => e.Item3).ToArray();
            return new SynapseWeights(g.Key, [.. entries.Select(e => e.Item1)], [.. entries.Select(e => e.Item2)],
                [.. entries.Select(e => e.Item3)], [.. entries.Select(e => e.Item4)])
            {
                Trace = plastic ? [.. entries.Select(e => e.Item5)] : null,
                LastSpike = plastic ? [.. entries.Select(e => e.Item6)] : null,
            };
        })
        .ToArray();

    /// <summary>Biological time of the checkpoint in ms.</summary>
    public double TimeMs => Step * DtMs;

    /// <summary>
    /// A hash of everything in the model that shapes the network's state (all but the duration), so that a
    /// checkpoint is never resumed into a different network or seed.
    /// </summary>
    public static string FingerprintOf(NetworkSpec spec)
    {
        // The cut into shards never changes results, so a checkpoint resumes under any cut.
        var stripped = spec with
        {
            Simulation = spec.Simulation with { DurationMs = 0, MaxNeuronsPerShard = null, TimeScale = null },
            Populations = spec.Populations.Select(p => p with { MaxNeuronsPerShard = null }).ToList(),
        };
        var json = SpecJson.Serialize(stripped);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }

    /// <summary>Restores the part of this checkpoint that <paramref name="kernel"/>, a shard of any backend, holds.</summary>
    /// <exception cref="InvalidOperationException">The checkpoint is of another model, or holds input the shard cannot take.</exception>
    /// <exception cref="ArgumentException">Its weights do not fit the shard's synapses.</exception>
    public void RestoreInto(IShardBackend kernel)
    {
        if (Fingerprint != FingerprintOf(kernel.Plan.Spec))
            throw new InvalidOperationException("the checkpoint was written by a different model or seed");
        // Weights first: the undelivered spikes are delivered through them.
        kernel.RestoreWeights(Weights, Archive);
        kernel.Restore(Step, Neurons, Pending, Outbox);
    }
}
