namespace NeuroActors.Kernel.Shard;

/// <summary>
/// An optional capability of a shard backend: counters of its own beside <see cref="IShardBackend.SpikeCount"/> and
/// <see cref="IShardBackend.EventCount"/>, by name (for example what emulated hardware would have done, for an energy
/// estimate). Each counter adds up over shards, so a session sums them per backend; the names are the backend's and
/// the layers above it carry them without knowing what they mean.
/// </summary>
public interface IShardCounters
{
    /// <summary>The counters since the build or the last reset (or as rewound), a copy by name.</summary>
    IReadOnlyDictionary<string, long> Counters { get; }

    /// <summary>Puts the counters back to earlier values (a session restoring a snapshot of its own); names not given become 0.</summary>
    void RewindCounters(IReadOnlyDictionary<string, long> counters);
}
