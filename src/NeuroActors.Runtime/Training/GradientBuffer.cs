using System.Numerics;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>
/// The gradients a worker holds for the batches of an epoch, by attempt, batch and node of the batch's
/// <see cref="ChunkTree"/>: the chunks it computed itself (one-chunk nodes) and the subtree sums its peers sent. A node
/// is summed from its two halves as soon as both are here, always the same way, so the batch's sum (the root) is the
/// same whoever computed what. Gradients of a later batch, or of an attempt the worker has not been told of yet, wait
/// here; those of an earlier attempt are dropped. Sets are reused, so that a run's steps allocate no gradient buffers once
/// the first batches have passed.
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

    private readonly Dictionary<(long Attempt, int Batch, int First, int End), Entry> _entries = [];
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

    /// <summary>A zeroed set to compute a chunk's gradient into; give it back with <see cref="AddComputed"/> or <see cref="Return"/>.</summary>
    public ParameterSet<T> Rent()
    {
        if (_free.TryPop(out var set))
        {
            set.Clear();
            return set;
        }
        return _template.ZerosLike();
    }

    /// <summary>Gives back a set from <see cref="Rent"/> or <see cref="TryTake"/>.</summary>
    public void Return(ParameterSet<T> set) => _free.Push(set);

    /// <summary>Adds the gradient of chunk <paramref name="chunk"/> computed here (a one-chunk node).</summary>
    public void AddComputed(long attempt, int batch, int chunk, ParameterSet<T> gradient, ChunkStats stats) =>
        _entries[(attempt, batch, chunk, chunk + 1)] = new Entry(gradient) { Received = _values, Stats = stats, Complete = true };

    /// <summary>Adds a received block. Returns null, or why the block cannot belong to this run (a fault that ends it).</summary>
    public string? Add(ChunkGradient m)
    {
        if (m.First >= m.End) return $"a gradient of chunks [{m.First}, {m.End}) holds no chunk";
        if (!TensorBlocks.Fits(_template, m.Block))
            return $"a gradient has tensors [{string.Join(", ", m.Block.Names)}]; the network's are [{string.Join(", ", _template.Tensors.Select(t => t.Name))}]";
        var key = (m.Attempt, m.Batch, m.First, m.End);
        if (!_entries.TryGetValue(key, out var entry)) _entries[key] = entry = new Entry(Rent());
        if (entry.Complete) return null;
        try { TensorBlocks.Write(entry.Set, m.Block); }
        catch (ArgumentException ex) { return $"a gradient does not fit: {ex.Message}"; }
        entry.Received += m.Block.Count;
        entry.Stats = m.Stats;
        entry.Complete = entry.Received >= _values;
        return null;
    }

    /// <summary>
    /// The sum of node [<paramref name="first"/>, <paramref name="end"/>) of the batch's tree, and its statistics, if what
    /// is here covers it; it stays here (as that node) for the sums above it. Nodes below it that are summed on the way
    /// stay summed even when the answer is no.
    /// </summary>
    public bool TryReduce(long attempt, int batch, int first, int end, out ParameterSet<T> sum, out ChunkStats stats)
    {
        if (Reduce(attempt, batch, first, end) is { } entry)
        {
            (sum, stats) = (entry.Set, entry.Stats!);
            return true;
        }
        (sum, stats) = (null!, null!);
        return false;
    }

    /// <summary>As <see cref="TryReduce"/>, and the node leaves the buffer: give its set back with <see cref="Return"/>.</summary>
    public bool TryTake(long attempt, int batch, int first, int end, out ParameterSet<T> sum, out ChunkStats stats)
    {
        if (!TryReduce(attempt, batch, first, end, out sum, out stats)) return false;
        _entries.Remove((attempt, batch, first, end));
        return true;
    }

    private Entry? Reduce(long attempt, int batch, int first, int end)
    {
        var key = (attempt, batch, first, end);
        if (_entries.TryGetValue(key, out var entry)) return entry.Complete ? entry : null;
        if (end - first == 1) return null;
        int middle = ChunkTree.Middle(first, end);
        if (Reduce(attempt, batch, first, middle) is not { } left || Reduce(attempt, batch, middle, end) is not { } right) return null;
        // left + right, element by element: the left half's set becomes the node's.
        left.Set.Add(right.Set);
        _entries.Remove((attempt, batch, first, middle));
        _entries.Remove((attempt, batch, middle, end));
        _free.Push(right.Set);
        return _entries[key] = new Entry(left.Set) { Received = _values, Stats = left.Stats!.Plus(right.Stats!), Complete = true };
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
