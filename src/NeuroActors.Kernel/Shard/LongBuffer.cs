namespace NeuroActors.Kernel.Shard;

/// <summary>A growable array of longs reused across windows so that steady state allocates nothing.</summary>
public sealed class LongBuffer
{
    private long[] _items;
    private readonly int _capacity;

    /// <summary>Creates a buffer with the given initial capacity.</summary>
    public LongBuffer(int capacity = 256)
    {
        _capacity = Math.Max(1, capacity);
        _items = new long[_capacity];
    }

    /// <summary>Number of items.</summary>
    public int Count { get; private set; }

    /// <summary>The items added so far.</summary>
    public Span<long> Span => _items.AsSpan(0, Count);

    /// <summary>Appends an item.</summary>
    public void Add(long item)
    {
        if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = item;
    }

    /// <summary>Removes the first <paramref name="count"/> items, keeping the order of the rest.</summary>
    public void RemoveFirst(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)count, (uint)Count, nameof(count));
        Array.Copy(_items, count, _items, 0, Count - count);
        Count -= count;
    }

    /// <summary>Empties the buffer, keeping its storage.</summary>
    public void Clear() => Count = 0;

    /// <summary>Keeps the first <paramref name="count"/> items.</summary>
    public void Truncate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
    }

    /// <summary>A copy of the items.</summary>
    public long[] ToArray() => Span.ToArray();

    /// <summary>
    /// Hands the items over without copying them, in the buffer's own storage, and starts again empty with new storage
    /// of the initial capacity: what a shard's recorder sends can be large, and a copy of it would be made for nothing.
    /// </summary>
    /// <returns>The storage, whose first <c>Count</c> elements are the items.</returns>
    public (long[] Items, int Count) Detach()
    {
        var detached = (_items, Count);
        _items = new long[_capacity];
        Count = 0;
        return detached;
    }
}
