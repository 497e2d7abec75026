using System.Collections;

namespace NeuroActors.Routing;

/// <summary>
/// Where a routing entry sends a packet: a set of destination shard ids. It plays the part of SpiNNaker's route
/// bit set (links and cores), kept sorted and duplicate-free so that two routes with the same destinations are
/// equal, hash alike and can be grouped by the compressor. Immutable.
/// </summary>
public sealed class Route : IReadOnlyList<int>, IEquatable<Route>, IComparable<Route>
{
    private readonly int[] _shards;
    private readonly int _hash;

    /// <summary>A route to the given shards, in any order, duplicates ignored.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative shard id.</exception>
    public Route(IEnumerable<int> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        _shards = shards.Distinct().Order().ToArray();
        if (_shards.Length > 0 && _shards[0] < 0)
            throw new ArgumentOutOfRangeException(nameof(shards), _shards[0], "shard ids are 0 or more");
        var h = new HashCode();
        foreach (int s in _shards) h.Add(s);
        _hash = h.ToHashCode();
    }

    /// <summary>A route to the given shards.</summary>
    public static Route Of(params int[] shards) => new(shards);

    /// <summary>The destination shard ids in increasing order.</summary>
    public ReadOnlySpan<int> Shards => _shards;

    /// <summary>Number of destination shards.</summary>
    public int Count => _shards.Length;

    /// <summary>The i-th destination in increasing order.</summary>
    public int this[int index] => _shards[index];

    /// <summary>True when the route delivers to shard <paramref name="shard"/>.</summary>
    public bool Contains(int shard) => Array.BinarySearch(_shards, shard) >= 0;

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_shards).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(Route? other) =>
        other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && _shards.AsSpan().SequenceEqual(other._shards)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Route);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>
    /// A total order (lexicographic on the sorted ids, a prefix first) so that ties between equally frequent routes
    /// break the same way on every run.
    /// </summary>
    public int CompareTo(Route? other)
    {
        if (other is null) return 1;
        return _shards.AsSpan().SequenceCompareTo(other._shards);
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(Route? a, Route? b) => a is null ? b is null : a.Equals(b);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(Route? a, Route? b) => !(a == b);

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(",", _shards) + "}";
}
