namespace NeuroActors.Loihi.Cores;

/// <summary>
/// Places populations on neurocores and chips and checks every modelled limit of a <see cref="LoihiProfile"/>. Each
/// slice of the plan gets cores of its own (as nengo-loihi gives each block a core): one when it fits, else as many
/// as it needs, each of at most the profile's compartments. Cores fill chips in order. A broken limit is a
/// <see cref="LoihiMappingException"/> naming the population, the core, the limit and what would fit; nothing is
/// truncated.
/// </summary>
public static class LoihiMapper
{
    private sealed record Placed(int Population, int Slice, int FirstNeuron, int StartInSlice, int Count, int FirstGid);

    /// <summary>Maps <paramref name="input"/> onto the cores and chips of <paramref name="profile"/>.</summary>
    /// <exception cref="LoihiMappingException">A limit is broken, or the input does not describe its populations (a slice missing, twice, or with targets outside it).</exception>
    public static LoihiMapping Map(LoihiMappingInput input, LoihiProfile profile)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(profile);
        var pops = input.Populations;
        var cores = new List<Placed>();
        var firstCore = new int[pops.Count][]; // [population][slice] → first core; the last entry is one past
        for (int p = 0; p < pops.Count; p++)
        {
            var sizes = pops[p].SliceSizes;
            firstCore[p] = new int[sizes.Count + 1];
            int neuron = 0;
            for (int s = 0; s < sizes.Count; s++)
            {
                firstCore[p][s] = cores.Count;
                if (sizes[s] < 1) throw new LoihiMappingException($"population {pops[p].Name}: slice {s} has {sizes[s]} neurons; a slice has at least 1");
                for (int start = 0; start < sizes[s]; start += profile.CompartmentsPerCore)
                {
                    int count = Math.Min(profile.CompartmentsPerCore, sizes[s] - start);
                    cores.Add(new Placed(p, s, neuron + start, start, count, pops[p].FirstGid + neuron + start));
                }
                neuron += sizes[s];
            }
            firstCore[p][sizes.Count] = cores.Count;
        }
        var byGid = Enumerable.Range(0, cores.Count).OrderBy(c => cores[c].FirstGid).ToArray();
        var gidStarts = byGid.Select(c => cores[c].FirstGid).ToArray();
        int CoreOfGid(int gid)
        {
            int i = Array.BinarySearch(gidStarts, gid);
            if (i < 0) i = ~i - 1;
            if (i < 0) return -1;
            var c = cores[byGid[i]];
            return gid < c.FirstGid + c.Count ? byGid[i] : -1;
        }

        var tallies = new Tally[cores.Count];
        var outAxons = new int[cores.Count][];
        for (int c = 0; c < cores.Count; c++) outAxons[c] = new int[cores[c].Count];
        var axons = new List<(int Gid, int Source, int Destination)>();
        var seen = new bool[pops.Count][];
        for (int p = 0; p < pops.Count; p++) seen[p] = new bool[pops[p].SliceSizes.Count];
        var tally = new CoreTally();

        foreach (var slice in input.Slices)
        {
            if (slice.Population < 0 || slice.Population >= pops.Count || slice.Slice < 0 || slice.Slice >= pops[slice.Population].SliceSizes.Count)
                throw new LoihiMappingException($"slice {slice.Slice} of population index {slice.Population} is not one of the populations' slices");
            var pop = pops[slice.Population];
            if (seen[slice.Population][slice.Slice]) throw new LoihiMappingException($"population {pop.Name}: slice {slice.Slice} is described twice");
            seen[slice.Population][slice.Slice] = true;
            int size = pop.SliceSizes[slice.Slice];
            CheckSlice(slice, pop, size, profile);
            int c0 = firstCore[slice.Population][slice.Slice], c1 = firstCore[slice.Population][slice.Slice + 1];
            var buckets = Bucket(slice, c1 - c0, profile.CompartmentsPerCore);
            for (int c = c0; c < c1; c++)
            {
                var core = cores[c];
                int from = core.StartInSlice, to = from + core.Count;
                int destination = c;
                var t = tally.Count(slice, from, to, buckets[c - c0], (gid, _) =>
                {
                    int source = CoreOfGid(gid);
                    if (source < 0) return;
                    outAxons[source][gid - cores[source].FirstGid]++;
                    axons.Add((gid, source, destination));
                });
                if (CoreTally.Check(t, profile) is { } v)
                    throw new LoihiMappingException($"population {pop.Name}: core {c} {v.Describe(profile.Name)}; {Fit(slice, from, to, buckets[c - c0], profile)}");
                tallies[c] = t;
            }
        }
        for (int p = 0; p < pops.Count; p++)
            for (int s = 0; s < seen[p].Length; s++)
                if (!seen[p][s]) throw new LoihiMappingException($"population {pops[p].Name}: slice {s} was not described");

        var usage = new CoreUsage[cores.Count];
        var chips = Chips(cores, tallies, profile);
        for (int c = 0; c < cores.Count; c++)
        {
            var core = cores[c];
            int outs = outAxons[c].Sum();
            if (profile.OutputAxonsPerCore is { } limit && outs > limit)
                throw new LoihiMappingException($"population {pops[core.Population].Name}: core {c} has {outs:N0} output axons; {profile.Name} allows {limit:N0}; {OutputFit(outAxons[c], limit)}");
            var t = tallies[c];
            usage[c] = new CoreUsage(c, chips[c], pops[core.Population].Name, core.Slice, core.FirstNeuron, core.FirstGid, t.Compartments,
                t.InputAxons, outs, t.Synapses, t.SynapseBits, t.CompartmentConfigs, t.ThresholdConfigs, t.SynapseConfigs);
        }
        return new LoihiMapping(profile, usage, chips.Length == 0 ? 0 : chips[^1] + 1, Routes(cores, chips, axons, profile));
    }

    private static void CheckSlice(LoihiSliceInput slice, LoihiPopulationInput pop, int size, LoihiProfile profile)
    {
        if (slice.CompartmentKeys is { } ck && ck.Length != size)
            throw new LoihiMappingException($"population {pop.Name}: slice {slice.Slice} has {size} neurons but {ck.Length} compartment keys");
        if (slice.ThresholdKeys is { } tk && tk.Length != size)
            throw new LoihiMappingException($"population {pop.Name}: slice {slice.Slice} has {size} neurons but {tk.Length} threshold keys");
        foreach (var inc in slice.Incoming)
        {
            if (inc.Config.NumWeightBits < 1 || inc.Config.NumWeightBits > profile.MaxWeightBits)
                throw new LoihiMappingException($"population {pop.Name}: projection {inc.Projection} has num_weight_bits {inc.Config.NumWeightBits}; {profile.Name} allows 1 to {profile.MaxWeightBits}");
            if (inc.Targets.Length != inc.Count || inc.DelaySteps.Length != inc.Count)
                throw new LoihiMappingException($"population {pop.Name}: projection {inc.Projection} lists {inc.Count} sources, {inc.Targets.Length} targets and {inc.DelaySteps.Length} delays");
            for (int i = 0; i < inc.Count; i++)
                if (inc.Targets[i] < 0 || inc.Targets[i] >= size)
                    throw new LoihiMappingException($"population {pop.Name}: projection {inc.Projection} has a target {inc.Targets[i]} outside slice {slice.Slice} (0..{size - 1})");
        }
    }

    // Per core of the slice, per projection: the indices of the synapses whose targets lie on that core (counting sort).
    private static int[][][] Bucket(LoihiSliceInput slice, int coreCount, int perCore)
    {
        var buckets = new int[coreCount][][];
        for (int k = 0; k < coreCount; k++) buckets[k] = new int[slice.Incoming.Count][];
        for (int j = 0; j < slice.Incoming.Count; j++)
        {
            var targets = slice.Incoming[j].Targets;
            var counts = new int[coreCount];
            foreach (int t in targets) counts[t / perCore]++;
            for (int k = 0; k < coreCount; k++) buckets[k][j] = new int[counts[k]];
            Array.Clear(counts);
            for (int i = 0; i < targets.Length; i++)
            {
                int k = targets[i] / perCore;
                buckets[k][j][counts[k]++] = i;
            }
        }
        return buckets;
    }

    // The most neurons per core with which the neurons of [from, to) would keep every per-core limit, cut from the
    // core's first neuron into pieces of that size; found by bisection (a limit can only grow with the piece).
    private static string Fit(LoihiSliceInput slice, int from, int to, int[][] synapsesOf, LoihiProfile profile)
    {
        var tally = new CoreTally();
        Violation? Fails(int n)
        {
            for (int s = from; s < to; s += n)
                if (CoreTally.Check(tally.Count(slice, s, Math.Min(s + n, to), synapsesOf), profile) is { } v) return v;
            return null;
        }
        if (Fails(1) is { } alone)
            return $"no number of neurons per core fits: one of its neurons alone {alone.Describe(profile.Name)}";
        int lo = 1, hi = to - from - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (Fails(mid) is null) lo = mid; else hi = mid - 1;
        }
        return AtMost(lo);
    }

    private static string AtMost(int n) =>
        $"at most {n:N0} {(n == 1 ? "neuron" : "neurons")} per core would fit (set the population's max_neurons_per_shard to {n} or less)";

    private static string OutputFit(int[] perNeuron, int limit)
    {
        if (perNeuron.Max() > limit) return $"no number of neurons per core fits: one of its neurons alone has {perNeuron.Max():N0}";
        bool Fits(int n)
        {
            for (int s = 0; s < perNeuron.Length; s += n)
            {
                long sum = 0;
                for (int i = s; i < Math.Min(s + n, perNeuron.Length); i++) sum += perNeuron[i];
                if (sum > limit) return false;
            }
            return true;
        }
        int lo = 1, hi = perNeuron.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (Fits(mid)) lo = mid; else hi = mid - 1;
        }
        return AtMost(lo);
    }

    // Cores fill chips in order: a new chip when the chip has all its cores, or the core's synapses would pass the chip's.
    private static int[] Chips(List<Placed> cores, Tally[] tallies, LoihiProfile profile)
    {
        var chipOf = new int[cores.Count];
        int chip = 0, onChip = 0;
        long synapses = 0;
        for (int c = 0; c < cores.Count; c++)
        {
            long s = tallies[c].Synapses;
            if (profile.SynapsesPerChip is { } most && s > most)
                throw new LoihiMappingException($"core {c} has {s:N0} synapses; {profile.Name} allows {most:N0} per chip; give its population fewer neurons per core (max_neurons_per_shard)");
            if (onChip == profile.CoresPerChip || (profile.SynapsesPerChip is { } limit && synapses + s > limit))
            {
                chip++;
                onChip = 0;
                synapses = 0;
            }
            chipOf[c] = chip;
            onChip++;
            synapses += s;
        }
        return chipOf;
    }

    // Per Loihi neuron, where its spikes go: each output axon is one message, priced by where its destination core is.
    private static Dictionary<int, SpikeRoute> Routes(List<Placed> cores, int[] chipOf, List<(int Gid, int Source, int Destination)> axons, LoihiProfile profile)
    {
        var coreOnChip = new int[cores.Count];
        for (int c = 1; c < cores.Count; c++) coreOnChip[c] = chipOf[c] == chipOf[c - 1] ? coreOnChip[c - 1] + 1 : 0;
        var routes = new Dictionary<int, SpikeRoute>();
        foreach (var (gid, src, dst) in axons)
        {
            var r = routes.GetValueOrDefault(gid);
            if (chipOf[src] != chipOf[dst]) r = r with { Messages = r.Messages + 1, ChipCrossings = r.ChipCrossings + 1 };
            else
            {
                var (x0, y0) = profile.TileOf(coreOnChip[src]);
                var (x1, y1) = profile.TileOf(coreOnChip[dst]);
                int hops = Math.Abs(x1 - x0) + Math.Abs(y1 - y0);
                r = hops == 0 ? r with { Messages = r.Messages + 1, TileLocal = r.TileLocal + 1 } : r with { Messages = r.Messages + 1, TileHops = r.TileHops + hops };
            }
            routes[gid] = r;
        }
        return routes;
    }
}
