namespace NeuroActors.Kernel.Shard;

/// <summary>
/// A shard's weight recordings until they are handed on: for each update of a recorded plastic synapse by a
/// presynaptic spike, the spike's step, the synapse's projection, source and target gids, and the weight after the
/// update, in the order the shard delivered them ((step, source gid), then the source's row order). Columns grow by
/// doubling and are reused after <see cref="Clear"/>, so steady state allocates nothing.
/// </summary>
public sealed class WeightRecords
{
    private long[] _steps = new long[256];
    private int[] _projections = new int[256], _sources = new int[256], _targets = new int[256];
    private float[] _weights = new float[256];

    /// <summary>Records held.</summary>
    public int Count { get; private set; }

    /// <summary>Step of the presynaptic spike of each record (its time is (step + 1)·dt).</summary>
    public ReadOnlySpan<long> Steps => _steps.AsSpan(0, Count);

    /// <summary>Projection (index in the model) of each record.</summary>
    public ReadOnlySpan<int> Projections => _projections.AsSpan(0, Count);

    /// <summary>Source gid of each record.</summary>
    public ReadOnlySpan<int> Sources => _sources.AsSpan(0, Count);

    /// <summary>Target gid of each record.</summary>
    public ReadOnlySpan<int> Targets => _targets.AsSpan(0, Count);

    /// <summary>Weight after the update, of each record.</summary>
    public ReadOnlySpan<float> Weights => _weights.AsSpan(0, Count);

    /// <summary>Appends a record.</summary>
    public void Add(long step, int projection, int source, int target, float weight)
    {
        if (Count == _steps.Length)
        {
            int size = 2 * Count;
            Array.Resize(ref _steps, size);
            Array.Resize(ref _projections, size);
            Array.Resize(ref _sources, size);
            Array.Resize(ref _targets, size);
            Array.Resize(ref _weights, size);
        }
        _steps[Count] = step;
        _projections[Count] = projection;
        _sources[Count] = source;
        _targets[Count] = target;
        _weights[Count] = weight;
        Count++;
    }

    /// <summary>
    /// Forgets the records of presynaptic spikes at <paramref name="step"/> and later. Records come in ascending spike
    /// steps, since a shard delivers spikes in step order.
    /// </summary>
    [BetweenRuns]
    public void TruncateFrom(long step)
    {
        int keep = Count;
        while (keep > 0 && _steps[keep - 1] >= step) keep--;
        Count = keep;
    }

    /// <summary>Forgets every record, keeping the storage.</summary>
    public void Clear() => Count = 0;
}
