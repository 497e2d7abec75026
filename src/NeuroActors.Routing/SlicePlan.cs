using NeuroActors.Model;

namespace NeuroActors.Routing;

/// <summary>
/// How populations are cut into slices (shards), as sPyNNaker cuts application vertices into machine vertices:
/// each population is split into slices of exactly N neurons, the last one taking the remainder, so that the
/// neuron-index field of a routing key is the same width for every slice and slices compress well.
/// N is global (default 256, sPyNNaker's neurons per core) with an optional override per population.
/// </summary>
public sealed class SlicePlan
{
    /// <summary>sPyNNaker's default number of neurons per core, used when no limit is given.</summary>
    public const int DefaultMaxNeuronsPerSlice = 256;

    private readonly Slice[] _slices;
    private readonly int[] _firstSlice; // per population, plus a sentinel
    private readonly int[] _maxNeurons; // per population

    /// <summary>Cuts every population of <paramref name="spec"/> into slices.</summary>
    /// <param name="spec">The model; only population sizes and names are read here.</param>
    /// <param name="maxNeuronsPerSlice">Largest slice for populations without an override (at least 1).</param>
    /// <param name="perPopulation">Optional overrides: population name → largest slice for that population (each at least 1).</param>
    /// <exception cref="ArgumentException">A limit below 1 or an override naming no population.</exception>
    public SlicePlan(NetworkSpec spec, int maxNeuronsPerSlice = DefaultMaxNeuronsPerSlice,
        IReadOnlyDictionary<string, int>? perPopulation = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (maxNeuronsPerSlice < 1)
            throw new ArgumentException(
                $"maxNeuronsPerSlice was {maxNeuronsPerSlice}; the largest slice must hold at least 1 neuron", nameof(maxNeuronsPerSlice));
        Spec = spec;
        MaxNeuronsPerSlice = maxNeuronsPerSlice;
        int pops = spec.Populations.Count;
        _maxNeurons = Enumerable.Repeat(maxNeuronsPerSlice, pops).ToArray();
        if (perPopulation is not null)
        {
            foreach (var (name, n) in perPopulation.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                int p = spec.PopulationIndex(name);
                if (p < 0)
                    throw new ArgumentException(
                        $"perPopulation names population '{name}', which the model does not have; valid names: "
                        + string.Join(", ", spec.Populations.Select(x => x.Name)), nameof(perPopulation));
                if (n < 1)
                    throw new ArgumentException(
                        $"perPopulation['{name}'] was {n}; the largest slice must hold at least 1 neuron", nameof(perPopulation));
                _maxNeurons[p] = n;
            }
        }

        var slices = new List<Slice>();
        _firstSlice = new int[pops + 1];
        for (int p = 0; p < pops; p++)
        {
            _firstSlice[p] = slices.Count;
            int size = spec.Populations[p].Size;
            for (long start = 0; start < size; start += _maxNeurons[p])
                slices.Add(new Slice(slices.Count, p, (int)start, (int)Math.Min(_maxNeurons[p], size - start)));
        }
        _firstSlice[pops] = slices.Count;
        _slices = slices.ToArray();
    }

    /// <summary>
    /// The slicing a model asks for: <c>simulation.max_neurons_per_shard</c> (sPyNNaker's 256 when absent) with the
    /// populations' own <c>max_neurons_per_shard</c> overrides. Routing keys and cluster shards both follow it.
    /// </summary>
    public static SlicePlan For(NetworkSpec spec) => new(spec, LimitOf(spec), OverridesOf(spec));

    /// <summary>The model's global slice limit: <c>simulation.max_neurons_per_shard</c>, or 256.</summary>
    public static int LimitOf(NetworkSpec spec) => spec.Simulation.MaxNeuronsPerShard ?? DefaultMaxNeuronsPerSlice;

    /// <summary>The model's per-population slice limits, by population name.</summary>
    public static IReadOnlyDictionary<string, int> OverridesOf(NetworkSpec spec) =>
        spec.Populations.Where(p => p.MaxNeuronsPerShard is not null).ToDictionary(p => p.Name, p => p.MaxNeuronsPerShard!.Value);

    /// <summary>The model the plan was cut from, kept so later stages read projections from the same source.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The global limit (before per-population overrides).</summary>
    public int MaxNeuronsPerSlice { get; }

    /// <summary>Every slice, indexed by shard id.</summary>
    public IReadOnlyList<Slice> Slices => _slices;

    /// <summary>Number of shards, one per slice.</summary>
    public int ShardCount => _slices.Length;

    /// <summary>Number of populations in the model.</summary>
    public int PopulationCount => _firstSlice.Length - 1;

    /// <summary>The slice limit that applies to population <paramref name="population"/> (override or global).</summary>
    public int MaxNeuronsFor(int population) => _maxNeurons[population];

    /// <summary>The slices of one population, in neuron order.</summary>
    public ReadOnlySpan<Slice> SlicesOf(int population) =>
        _slices.AsSpan(_firstSlice[population], _firstSlice[population + 1] - _firstSlice[population]);

    /// <summary>The position of a slice among its population's slices: the slice field of its routing key.</summary>
    public int IndexInPopulation(Slice slice) => slice.Index - _firstSlice[slice.Population];

    /// <summary>The slice holding neuron <paramref name="index"/> of population <paramref name="population"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index lies outside the population.</exception>
    public Slice SliceOf(int population, int index)
    {
        int size = Spec.Populations[population].Size;
        if (index < 0 || index >= size)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"population {Spec.Populations[population].Name} has neurons 0..{size - 1}");
        return _slices[_firstSlice[population] + index / _maxNeurons[population]];
    }

    /// <summary>The largest slice of any population, which fixes the width of the neuron-index key field.</summary>
    public int LargestSlice => _slices.Length == 0 ? 0 : _slices.Max(s => s.Count);

    /// <summary>The most slices any population has, which fixes the width of the slice key field.</summary>
    public int MostSlicesPerPopulation
    {
        get
        {
            int most = 0;
            for (int p = 0; p < PopulationCount; p++) most = Math.Max(most, _firstSlice[p + 1] - _firstSlice[p]);
            return most;
        }
    }
}
