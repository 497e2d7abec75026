namespace NeuroActors.Routing;

/// <summary>
/// One router entry, as on SpiNNaker: a packet whose key satisfies <c>(key &amp; Mask) == Key</c> goes to
/// <see cref="Route"/>. Key bits outside the mask are refused, since such an entry could never match and the
/// compressor's intersection test assumes they are zero.
/// </summary>
public sealed record RoutingEntry
{
    /// <summary>Creates an entry.</summary>
    /// <exception cref="ArgumentException">The key has bits set outside the mask.</exception>
    public RoutingEntry(uint key, uint mask, Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if ((key & ~mask) != 0)
            throw new ArgumentException($"key 0x{key:X8} has bits outside mask 0x{mask:X8}; such an entry never matches", nameof(key));
        Key = key;
        Mask = mask;
        Route = route;
    }

    /// <summary>The key bits that must match.</summary>
    public uint Key { get; }

    /// <summary>Which bits of a packet key are compared; clear bits are "don't care".</summary>
    public uint Mask { get; }

    /// <summary>The destinations of matching packets.</summary>
    public Route Route { get; }

    /// <summary>True when a packet with <paramref name="key"/> matches this entry.</summary>
    public bool Matches(uint key) => (key & Mask) == Key;

    /// <summary>Number of keys the entry covers: 2 to the number of don't-care bits.</summary>
    public ulong KeyCount => 1UL << (32 - System.Numerics.BitOperations.PopCount(Mask));

    /// <summary>True when some key matches both entries (SpiNNaker's <c>(ka &amp; mb) == (kb &amp; ma)</c>).</summary>
    public bool Intersects(RoutingEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return PairCompressor.Intersect(Key, Mask, other.Key, other.Mask);
    }

    /// <inheritdoc/>
    public override string ToString() => $"0x{Key:X8}/0x{Mask:X8} -> {Route}";
}
