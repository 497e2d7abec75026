using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Network;

/// <summary>A contiguous range of one population's neurons held by one shard.</summary>
/// <param name="Population">Population index in model order.</param>
/// <param name="Start">First neuron index within the population.</param>
/// <param name="Count">Number of neurons.</param>
public readonly record struct ShardSlice(int Population, int Start, int Count);

/// <summary>
/// How a network is cut into shards: each shard holds at most one contiguous slice of each population, and
/// populations of one shard backend only. The simple cut gives every shard slice k of every population of its
/// backend (the embedded default); the general cut takes any list of slices, e.g. one slice of at most N neurons per
/// shard as the routing layer plans for clusters.
/// Global neuron ids (gids) number the neurons of all populations in model order, whatever the cut, which is
/// what keeps results independent of it. Also fixes the window: the minimum synaptic delay in steps.
/// </summary>
public sealed class NetworkPlan
{
    private readonly int[] _offsets;
    private readonly int[,] _sliceStart, _sliceCount; // [population, shard]
    private readonly int[][] _shardsByStart;         // per population: non-empty shards ordered by slice start
    private readonly bool[,] _projectsInto; // [source population, shard]
    private readonly string[] _backendOf;   // per shard

    /// <summary>Plans <paramref name="spec"/> over <paramref name="shards"/> shards, shard k holding slice k of every population.</summary>
    public NetworkPlan(NetworkSpec spec, int shards) : this(spec, EqualCut(spec, shards)) { }

    /// <summary>
    /// Plans <paramref name="spec"/> with the given cut: <paramref name="shards"/>[k] lists the slices of shard k, at
    /// most one per population; together the slices must cover every neuron exactly once.
    /// </summary>
    /// <param name="spec">The model.</param>
    /// <param name="shards">The slices of every shard.</param>
    /// <param name="downstream">
    /// Where each shard's packets go, when routing tables decide (clusters); null to derive it from the projections.
    /// Every shard that receives synapses from a shard must be in its list, or the receiver would miss spikes.
    /// </param>
    /// <exception cref="ArgumentException">
    /// The slices overlap, leave neurons out, name a missing population, or put populations of two backends in one shard.
    /// </exception>
    /// <exception cref="ModelException">A population names a backend that is not registered (<see cref="ShardBackends"/>).</exception>
    public NetworkPlan(NetworkSpec spec, IReadOnlyList<IReadOnlyList<ShardSlice>> shards, IReadOnlyList<IReadOnlyList<int>>? downstream = null)
    {
        if (shards.Count < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards.Count, "the number of shards must be at least 1");
        ShardBackends.ThrowIfUnknown(spec);
        Spec = spec;
        Shards = shards.Count;
        DtMs = spec.Simulation.DtMs;
        int populations = spec.Populations.Count;
        _offsets = new int[populations + 1];
        for (int p = 0; p < populations; p++) _offsets[p + 1] = checked(_offsets[p] + spec.Populations[p].Size);
        WindowSteps = WindowStepsOf(spec);

        (_sliceStart, _sliceCount, _shardsByStart) = CheckCut(spec, shards);
        _backendOf = BackendsOf(spec, shards);
        Keys = new SpikeKeys(spec);
        _projectsInto = new bool[populations, Shards];
        foreach (var pr in spec.Projections)
        {
            int s = spec.PopulationIndex(pr.Source), t = spec.PopulationIndex(pr.Target);
            for (int k = 0; k < Shards; k++)
                if (_sliceCount[t, k] > 0) _projectsInto[s, k] = true;
        }
        Upstream = new int[Shards][];
        Downstream = new int[Shards][];
        if (downstream is not null && downstream.Count != Shards)
            throw new ArgumentException($"routes are given for {downstream.Count} shards but the cut has {Shards}", nameof(downstream));
        for (int k = 0; k < Shards; k++)
        {
            Downstream[k] = downstream is null
                ? Enumerable.Range(0, Shards).Where(d => SendsTo(k, d)).ToArray()
                : downstream[k].Distinct().Order().ToArray();
            if (Downstream[k].Any(d => d < 0 || d >= Shards))
                throw new ArgumentException($"shard {k} routes to a shard outside 0..{Shards - 1}", nameof(downstream));
        }
        for (int k = 0; k < Shards; k++) Upstream[k] = Enumerable.Range(0, Shards).Where(u => Downstream[u].Contains(k)).ToArray();
    }

    /// <summary>
    /// The shards are shared between the backends the model uses (<see cref="BackendShares"/>), in the order of their
    /// first population; the k-th of a backend's S shards holds the k-th of S near-equal contiguous slices of every
    /// population of that backend. With one backend, shard k holds slice k of every population.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer shards than backends in use.</exception>
    public static IReadOnlyList<IReadOnlyList<ShardSlice>> EqualCut(NetworkSpec spec, int shards)
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
        return cut;
    }

    /// <summary>The backend of every shard: that of its populations (the default for a shard without neurons).</summary>
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

    private static (int[,], int[,], int[][]) CheckCut(NetworkSpec spec, IReadOnlyList<IReadOnlyList<ShardSlice>> shards)
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

    /// <summary>The model.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Number of shards.</summary>
    public int Shards { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Window length in steps: the minimum delay of any projection (10 steps when there are none).</summary>
    public int WindowSteps { get; }

    /// <summary>The window length of <paramref name="spec"/> in steps (<see cref="WindowSteps"/>): a property of the model, not of the cut.</summary>
    public static int WindowStepsOf(NetworkSpec spec) => spec.Projections.Count == 0
        ? 10
        : spec.Projections.Min(pr => DelaySteps(pr.Synapse.DelayMs.Minimum, spec.Simulation.DtMs));

    /// <summary>The name of the shard backend that computes shard <paramref name="shard"/> (<see cref="ShardBackends"/>).</summary>
    public string BackendOf(int shard) => _backendOf[shard];

    /// <summary>Total neurons in the network.</summary>
    public int TotalNeurons => _offsets[^1];

    /// <summary>Shards that send packets to shard k (their spikes reach neurons of k).</summary>
    public int[][] Upstream { get; }

    /// <summary>Shards that shard k sends packets to.</summary>
    public int[][] Downstream { get; }

    /// <summary>The routing keys spike packets carry, from the model's slicing (the same for every cut).</summary>
    public SpikeKeys Keys { get; }

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

    /// <summary>True when spikes of population p must reach shard k.</summary>
    public bool ProjectsInto(int population, int shard) => _projectsInto[population, shard];

    /// <summary>Delay in whole steps: NEST rounds to the nearest step; at least one step.</summary>
    public int DelaySteps(double delayMs) => DelaySteps(delayMs, DtMs);

    private static int DelaySteps(double delayMs, double dtMs) => Math.Max(1, (int)Math.Round(delayMs / dtMs));

    /// <summary>Number of steps for a duration in ms.</summary>
    public long StepsFor(double ms) => (long)Math.Round(ms / DtMs);

    private bool SendsTo(int from, int to)
    {
        for (int p = 0; p < Spec.Populations.Count; p++)
            if (Slice(p, from).Count > 0 && _projectsInto[p, to]) return true;
        return false;
    }
}
