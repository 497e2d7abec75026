using NeuroActors.Kernel.Network;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Loihi.Cores;

/// <summary>
/// The mapping input of a model: its populations on the <c>loihi</c> backend (<see cref="PopulationSpec.OnLoihi"/>),
/// cut into the model's slices (<see cref="SlicePlan.For"/>: <c>max_neurons_per_shard</c>, 256 by default, the same
/// whatever the number of shards a run uses, so a mapping that fits, fits every run), with each slice's incoming
/// synapses as the kernel generates them, each projection's synapse configuration (<c>weight_exp</c>,
/// <c>num_weight_bits</c>) and, for <c>loihi_lif</c> populations, each neuron's compartment configuration
/// (<c>du</c>, <c>dv</c>, <c>refractory</c>) and threshold (<c>vth</c>).
/// </summary>
public static class ModelMapping
{
    /// <summary>The parameters whose distinct tuples are a core's compartment configurations.</summary>
    public static readonly IReadOnlyList<string> CompartmentParameters = ["du", "dv", "refractory"];

    /// <summary>The parameter whose distinct values are a core's threshold configurations.</summary>
    public const string ThresholdParameter = "vth";

    /// <summary>True when some population of <paramref name="spec"/> runs on Loihi cores.</summary>
    public static bool HasLoihi(NetworkSpec spec) => spec.Populations.Any(p => p.OnLoihi);

    /// <summary>
    /// The synapse configuration of projection <paramref name="projection"/> as the model gives it: its
    /// <c>weight_exp</c> (0 when not given; a quantised projection whose exponent the quantisation chooses must be
    /// passed to <see cref="Map"/> through <c>configOf</c>) and <c>num_weight_bits</c> (8 when not given).
    /// </summary>
    public static SynapseConfig ConfigOf(NetworkSpec spec, int projection)
    {
        var syn = spec.Projections[projection].Synapse;
        return new SynapseConfig(syn.WeightExp ?? 0, syn.NumWeightBits ?? SynapseSpec.DefaultNumWeightBits);
    }

    /// <summary>
    /// The configuration keys of neurons [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>)
    /// of population <paramref name="population"/>: for a <c>loihi_lif</c> population, equal keys for equal
    /// (du, dv, refractory) and equal vth; for a quantised float population, whose parameters are the population's,
    /// one configuration (nulls).
    /// </summary>
    public static (int[]? Compartment, int[]? Threshold) KeysOf(NetworkSpec spec, int population, int start, int count)
    {
        var pop = spec.Populations[population];
        if (pop.Model != NeuronModel.LoihiLif) return (null, null);
        var tuples = new Dictionary<(double, double, double), int>();
        var thresholds = new Dictionary<double, int>();
        var compartment = new int[count];
        var threshold = new int[count];
        for (int i = 0; i < count; i++)
        {
            int n = start + i;
            var key = (pop.Param(CompartmentParameters[0], n), pop.Param(CompartmentParameters[1], n), pop.Param(CompartmentParameters[2], n));
            if (!tuples.TryGetValue(key, out compartment[i])) tuples[key] = compartment[i] = tuples.Count;
            double vth = pop.Param(ThresholdParameter, n);
            if (!thresholds.TryGetValue(vth, out threshold[i])) thresholds[vth] = threshold[i] = thresholds.Count;
        }
        return (compartment, threshold);
    }

    /// <summary>Maps the Loihi populations of <paramref name="spec"/> onto <paramref name="profile"/>'s cores (see <see cref="Describe"/>).</summary>
    /// <exception cref="LoihiMappingException">A limit is broken.</exception>
    public static LoihiMapping Map(NetworkSpec spec, LoihiProfile profile, Func<int, SynapseConfig>? configOf = null,
        Func<int, int, int, (int[]? Compartment, int[]? Threshold)>? keysOf = null) =>
        LoihiMapper.Map(Describe(spec, configOf, keysOf), profile);

    /// <summary>The mapping input of <paramref name="spec"/>; slices and their synapses are generated as they are read.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="configOf">The synapse configuration of projection j; the model's (<see cref="ConfigOf"/>) when null.</param>
    /// <param name="keysOf">
    /// The configuration keys of population p's neurons [start, start + count), or nulls for one configuration; the
    /// model's (<see cref="KeysOf"/>) when null.
    /// </param>
    public static LoihiMappingInput Describe(NetworkSpec spec, Func<int, SynapseConfig>? configOf = null,
        Func<int, int, int, (int[]? Compartment, int[]? Threshold)>? keysOf = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var slicing = SlicePlan.For(spec);
        var firstGid = ShardCut.FirstGids(spec);
        var loihi = Enumerable.Range(0, spec.Populations.Count).Where(p => spec.Populations[p].OnLoihi).ToArray();
        var populations = loihi.Select(p => new LoihiPopulationInput(spec.Populations[p].Name, firstGid[p],
            [.. slicing.SlicesOf(p).ToArray().Select(s => s.Count)])).ToArray();
        return new LoihiMappingInput(populations, Slices(spec, slicing, loihi, configOf ?? (j => ConfigOf(spec, j)),
            keysOf ?? ((p, start, count) => KeysOf(spec, p, start, count))));
    }

    private static IEnumerable<LoihiSliceInput> Slices(NetworkSpec spec, SlicePlan slicing, int[] loihi, Func<int, SynapseConfig> configOf,
        Func<int, int, int, (int[]?, int[]?)> keysOf)
    {
        if (loihi.Length == 0) yield break;
        // One shard per Loihi slice and one for everything else, all on the cpu backend: synapses depend only on the seed
        // and gids, never on the backend or the cut, and the cut need not name a backend this process has registered.
        var cpu = spec with { Populations = [.. spec.Populations.Select(p => p with { Backend = PopulationSpec.DefaultBackend })] };
        var shards = new List<IReadOnlyList<ShardSlice>>();
        var sliceOfShard = new List<(int Index, int Population, int Slice, Slice Cut)>();
        for (int i = 0; i < loihi.Length; i++)
        {
            var cuts = slicing.SlicesOf(loihi[i]).ToArray();
            for (int s = 0; s < cuts.Length; s++)
            {
                sliceOfShard.Add((i, loihi[i], s, cuts[s]));
                shards.Add([new ShardSlice(loihi[i], cuts[s].Start, cuts[s].Count)]);
            }
        }
        var rest = Enumerable.Range(0, spec.Populations.Count).Where(p => !loihi.Contains(p) && spec.Populations[p].Size > 0)
            .Select(p => new ShardSlice(p, 0, spec.Populations[p].Size)).ToList();
        if (rest.Count > 0) shards.Add(rest);
        // Routes do not matter for generating synapses: give none rather than derive every shard pair's.
        var plan = new NetworkPlan(new ShardCut(cpu, shards), [.. shards.Select(_ => (IReadOnlyList<int>)[])]);
        for (int k = 0; k < sliceOfShard.Count; k++)
        {
            var (index, p, s, cut) = sliceOfShard[k];
            var incoming = new List<LoihiIncoming>();
            for (int j = 0; j < spec.Projections.Count; j++)
            {
                if (spec.PopulationIndex(spec.Projections[j].Target) != p) continue;
                int projection = j;
                var table = ConnectivityBuilder.Build(plan, k, _ => 0, cut.Count, x => x == projection);
                incoming.Add(Synapses(table, spec.Projections[j].Label, configOf(j)));
            }
            var (compartment, threshold) = keysOf(p, cut.Start, cut.Count);
            yield return new LoihiSliceInput(index, s, compartment, threshold, incoming);
        }
    }

    private static LoihiIncoming Synapses(SynapseTable table, string label, SynapseConfig config)
    {
        var sources = new int[table.Count];
        var targets = new int[table.Count];
        var delays = new int[table.Count];
        for (int gid = 0; gid + 1 < table.RowStart.Length; gid++)
            for (int i = table.RowStart[gid]; i < table.RowStart[gid + 1]; i++)
            {
                sources[i] = gid;
                targets[i] = table.Target(table.Packed[i]);
                delays[i] = table.Delay(table.Packed[i]);
            }
        return new LoihiIncoming(label, config, sources, targets, delays);
    }
}
