using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// Which neurons each shard holds: at most one contiguous slice of each population per shard, populations of one
/// shard backend only per shard, every neuron in exactly one shard. Global neuron ids (gids) number the neurons of all
/// populations in model order, whatever the cut, which is what keeps results independent of it. This project makes
/// every cut: <see cref="Equal"/> in one process, <see cref="ClusterLayout"/> (slices of <see cref="SlicePlan"/>
/// grouped and placed on nodes) on a cluster; the kernel and the runtime only read it.
/// </summary>
public sealed class ShardCut
{
    private readonly int[] _offsets;                  // first gid of each population, plus the total
    private readonly int[,] _sliceStart, _sliceCount; // [population, shard]
    private readonly int[][] _shardsByStart;          // per population: non-empty shards ordered by slice start
    private readonly string[] _backendOf;             // per shard
    private readonly IReadOnlyList<ShardSlice>[] _slices;

    /// <summary>
    /// The cut in which shard k holds <paramref name="shards"/>[k]: at most one slice per population; together the
    /// slices must cover every neuron exactly once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No shard.</exception>
    /// <exception cref="ArgumentException">
    /// The slices overlap, leave neurons out, name a missing population, or put populations of two backends in one shard.
    /// </exception>
    public ShardCut(NetworkSpec spec, IReadOnlyList<IReadOnlyList<ShardSlice>> shards)
    {
        if (shards.Count < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards.Count, "the number of shards must be at least 1");
        Spec = spec;
        _offsets = FirstGids(spec);
        _slices = [.. shards.Select(s => (IReadOnlyList<ShardSlice>)[.. s.Where(x => x.Count > 0)])];
        (_sliceStart, _sliceCount, _shardsByStart) = Check(spec, shards);
        _backendOf = BackendsOf(spec, shards);
    }

    /// <summary>
    /// The cut of one process: the shards are shared between the backends the model uses (<see cref="BackendShares"/>),
    /// in the order of their first population; the k-th of a backend's S shards holds the k-th of S near-equal
    /// contiguous slices of every population of that backend. With one backend, shard k holds slice k of every population.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than one shard.</exception>
    /// <exception cref="ArgumentException">Fewer shards than backends in use.</exception>
    public static ShardCut Equal(NetworkSpec spec, int shards)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "the number of shards must be at least 1");
        var backends = BackendShares.InUse(spec);
        var shares = BackendShares.Of(spec, shards);
        var cut = new List<IReadOnlyList<ShardSlice>>(shards);
        for (int b = 0; b < backends.Count; b++)
            for (int k = 0; k < shares[b]; k++)
            {
                var slices = new List<ShardSlice>();
                for (int p = 0; p < spec.Populations.Count; p++)
                {
                    if (spec.Populations[p].BackendName != backends[b]) continue;
                    long size = spec.Populations[p].Size;
                    int start = (int)(size * k / shares[b]), end = (int)(size * (k + 1) / shares[b]);
                    if (end > start) slices.Add(new ShardSlice(p, start, end - start));
                }
                cut.Add(slices);
            }
        return new ShardCut(spec, cut);
    }

    /// <summary>The gid of neuron 0 of every population of <paramref name="spec"/>, then the number of neurons.</summary>
    /// <exception cref="OverflowException">More neurons than gids.</exception>
    public static int[] FirstGids(NetworkSpec spec)
    {
        var first = new int[spec.Populations.Count + 1];
        for (int p = 0; p < spec.Populations.Count; p++) first[p + 1] = checked(first[p] + spec.Populations[p].Size);
        return first;
    }

    /// <summary>The model.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Number of shards.</summary>
    public int Shards => _slices.Length;

    /// <summary>Total neurons in the network.</summary>
    public int TotalNeurons => _offsets[^1];

    /// <summary>The non-empty slices of every shard, as the cut was given (what a cluster's nodes are sent).</summary>
    public IReadOnlyList<IReadOnlyList<ShardSlice>> Slices => _slices;

    /// <summary>Global id of neuron 0 of population p.</summary>
    public int PopulationOffset(int population) => _offsets[population];

    /// <summary>The population a global id belongs to.</summary>
    public int PopulationOf(int gid)
    {
        int p = Array.BinarySearch(_offsets, gid);
        return p >= 0 ? Math.Min(p, _offsets.Length - 2) : ~p - 1;
    }

    /// <summary>The slice of population p held by shard k: first index within the population and count (0 when none).</summary>
    public (int Start, int Count) Slice(int population, int shard) => (_sliceStart[population, shard], _sliceCount[population, shard]);

    /// <summary>The shard holding neuron <paramref name="index"/> of population p.</summary>
    public int ShardOf(int population, int index)
    {
        var shards = _shardsByStart[population];
        int lo = 0, hi = shards.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_sliceStart[population, shards[mid]] <= index) lo = mid;
            else hi = mid - 1;
        }
        return shards[lo];
    }

    /// <summary>The name of the shard backend that computes shard <paramref name="shard"/>: that of its populations (the default for a shard without neurons).</summary>
    public string BackendOf(int shard) => _backendOf[shard];

    private static (int[,], int[,], int[][]) Check(NetworkSpec spec, IReadOnlyList<IReadOnlyList<ShardSlice>> shards)
    {
        int populations = spec.Populations.Count;
        var start = new int[populations, shards.Count];
        var count = new int[populations, shards.Count];
        var byPopulation = new List<(int Start, int Count, int Shard)>[populations];
        for (int p = 0; p < populations; p++) byPopulation[p] = [];
        for (int k = 0; k < shards.Count; k++)
            foreach (var slice in shards[k])
            {
                if (slice.Population < 0 || slice.Population >= populations)
                    throw new ArgumentException($"shard {k}: population index {slice.Population} does not exist (the model has {populations})", nameof(shards));
                if (slice.Count < 0 || slice.Start < 0)
                    throw new ArgumentException($"shard {k}: slice {slice} has a negative start or count", nameof(shards));
                if (count[slice.Population, k] > 0)
                    throw new ArgumentException($"shard {k}: holds two slices of population {slice.Population}; at most one is allowed", nameof(shards));
                if (slice.Count == 0) continue;
                start[slice.Population, k] = slice.Start;
                count[slice.Population, k] = slice.Count;
                byPopulation[slice.Population].Add((slice.Start, slice.Count, k));
            }
        var shardsByStart = new int[populations][];
        for (int p = 0; p < populations; p++)
        {
            var ordered = byPopulation[p].OrderBy(x => x.Start).ToArray();
            int next = 0;
            foreach (var (s, c, k) in ordered)
            {
                if (s != next)
                    throw new ArgumentException($"population {spec.Populations[p].Name}: the slices must cover neurons 0..{spec.Populations[p].Size - 1} exactly once; " +
                        (s > next ? $"neurons {next}..{s - 1} are in no shard" : $"neuron {s} is in two shards"), nameof(shards));
                next = s + c;
            }
            if (next != spec.Populations[p].Size)
                throw new ArgumentException($"population {spec.Populations[p].Name}: the slices cover {next} of its {spec.Populations[p].Size} neurons", nameof(shards));
            shardsByStart[p] = ordered.Select(x => x.Shard).ToArray();
        }
        return (start, count, shardsByStart);
    }

    private static string[] BackendsOf(NetworkSpec spec, IReadOnlyList<IReadOnlyList<ShardSlice>> shards)
    {
        var backends = new string[shards.Count];
        for (int k = 0; k < shards.Count; k++)
        {
            int first = -1;
            foreach (var slice in shards[k])
            {
                if (slice.Count == 0) continue;
                if (first < 0) first = slice.Population;
                else if (spec.Populations[slice.Population].BackendName != spec.Populations[first].BackendName)
                    throw new ArgumentException($"shard {k} holds populations of two backends, {spec.Populations[first].Name} ({spec.Populations[first].BackendName}) " +
                        $"and {spec.Populations[slice.Population].Name} ({spec.Populations[slice.Population].BackendName}); a shard holds populations of one backend", nameof(shards));
            }
            backends[k] = first < 0 ? PopulationSpec.DefaultBackend : spec.Populations[first].BackendName;
        }
        return backends;
    }
}
