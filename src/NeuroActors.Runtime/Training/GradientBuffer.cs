using System.Numerics;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// The chunk gradients a replica (a worker, or the coordinator) has received or computed, by attempt, batch and chunk,
/// until their batch is complete and is summed in chunk order. Gradients of a later batch, or of an attempt a worker has
/// not been told of yet, wait here; those of an earlier attempt are dropped. Sets are reused, so that a run's steps
/// allocate no gradient buffers once the first batches have passed.
/// </summary>
internal sealed class GradientBuffer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private sealed class Entry(ParameterSet<T> set)
    {
        public ParameterSet<T> Set { get; } = set;
        public long Received { get; set; }
        public ChunkStats? Stats { get; set; }
        public bool Complete { get; set; }
    }

    private readonly Dictionary<(long Attempt, int Batch, int Chunk), Entry> _entries = [];
    private readonly Stack<ParameterSet<T>> _free = [];
    private readonly ParameterSet<T> _template;
    private readonly long _values;

    /// <summary>A buffer of gradients shaped as <paramref name="template"/>.</summary>
    public GradientBuffer(ParameterSet<T> template)
    {
        _template = template;
        _values = template.Count;
    }

    /// <summary>Whether gradients of <paramref name="parameters"/> have this buffer's shapes.</summary>
    public bool Fits(ParameterSet<T> parameters) => _template.HasShapeOf(parameters);

    /// <summary>A zeroed set to compute a chunk's gradient into; give it back with <see cref="AddComputed"/>.</summary>
    public ParameterSet<T> Rent()
    {
        if (_free.TryPop(out var set))
        {
            set.Clear();
            return set;
        }
        return _template.ZerosLike();
    }

    /// <summary>Adds a chunk gradient computed here.</summary>
    public void AddComputed(long attempt, int batch, int chunk, ParameterSet<T> gradient, ChunkStats stats) =>
        _entries[(attempt, batch, chunk)] = new Entry(gradient) { Received = _values, Stats = stats, Complete = true };

    /// <summary>Adds a received block. Returns null, or why the block cannot belong to this run (a fault that ends it).</summary>
    public string? Add(ChunkGradient m)
    {
        if (!TensorBlocks.Fits(_template, m.Block))
            return $"a gradient has tensors [{string.Join(", ", m.Block.Names)}]; the network's are [{string.Join(", ", _template.Tensors.Select(t => t.Name))}]";
        var key = (m.Attempt, m.Batch, m.Chunk);
        if (!_entries.TryGetValue(key, out var entry)) _entries[key] = entry = new Entry(Rent());
        if (entry.Complete) return null;
        try { TensorBlocks.Write(entry.Set, m.Block); }
        catch (ArgumentException ex) { return $"a gradient does not fit: {ex.Message}"; }
        entry.Received += m.Block.Count;
        entry.Stats = m.Stats;
        entry.Complete = entry.Received >= _values;
        return null;
    }

    /// <summary>Whether the first <paramref name="chunks"/> chunks of the batch are all complete.</summary>
    public bool IsComplete(long attempt, int batch, int chunks)
    {
        for (int c = 0; c < chunks; c++)
            if (!_entries.TryGetValue((attempt, batch, c), out var e) || !e.Complete) return false;
        return true;
    }

    /// <summary>Sums a complete batch's chunks into <paramref name="sum"/> in chunk order (the order that makes the result
    /// independent of who computed what), frees them, and returns their statistics summed in the same order.</summary>
    public ChunkStats Sum(long attempt, int batch, int chunks, ParameterSet<T> sum)
    {
        sum.Clear();
        ChunkStats? stats = null;
        for (int c = 0; c < chunks; c++)
        {
            var key = (attempt, batch, c);
            var entry = _entries[key];
            sum.Add(entry.Set);
            stats = stats is null ? entry.Stats! : stats.Plus(entry.Stats!);
            _entries.Remove(key);
            _free.Push(entry.Set);
        }
        return stats ?? ChunkStats.Empty(0);
    }

    /// <summary>Frees every gradient of an attempt before <paramref name="attempt"/>.</summary>
    public void DropBefore(long attempt)
    {
        foreach (var key in _entries.Keys.Where(k => k.Attempt < attempt).ToList())
        {
            _free.Push(_entries[key].Set);
            _entries.Remove(key);
        }
    }
}
