namespace NeuroActors.Loihi.Cores;

/// <summary>The counts of one range of a slice's neurons placed on one core.</summary>
internal readonly record struct Tally(int Compartments, int InputAxons, long Synapses, long SynapseBits,
    int CompartmentConfigs, int ThresholdConfigs, int SynapseConfigs);

/// <summary>A limit a tally breaks: what it is, the count and what the profile allows.</summary>
internal readonly record struct Violation(string Limit, long Has, long Allows)
{
    public string Describe(string profile) => Limit == "synapse memory"
        ? $"needs {Kib(Has)} of synapse memory; {profile} allows {Kib(Allows)}"
        : $"has {Has:N0} {Limit}; {profile} allows {Allows:N0}";

    private static string Kib(long bits) => $"{bits / 8192.0:#,0.#} KiB";
}

/// <summary>
/// Counts what a range of a slice's neurons uses on a core. Synapses are visited through per-projection index lists
/// (a core's share of the slice's synapses), filtered to the range; per-gid scratch arrays keep it linear.
/// </summary>
internal sealed class CoreTally
{
    private int[] _count = [], _stamp = [];
    private int _epoch;
    private readonly List<int> _touched = [];

    /// <summary>
    /// The tally of neurons [from, to) of <paramref name="slice"/>, visiting the synapses listed in
    /// <paramref name="synapsesOf"/>[j] for projection j. With <paramref name="axon"/>, each input axon (source gid,
    /// index of its configuration among <paramref name="slice"/>'s distinct ones) is reported.
    /// </summary>
    public Tally Count(LoihiSliceInput slice, int from, int to, int[][] synapsesOf, Action<int, SynapseConfig>? axon = null)
    {
        var configs = new List<SynapseConfig>();
        for (int j = 0; j < slice.Incoming.Count; j++)
        {
            var inc = slice.Incoming[j];
            if (configs.Contains(inc.Config)) continue;
            foreach (int i in synapsesOf[j])
                if (inc.Targets[i] >= from && inc.Targets[i] < to) { configs.Add(inc.Config); break; }
        }
        int indexBits = SynapseMemory.IndexBits(to - from - 1);
        int inputAxons = 0;
        long synapses = 0, bits = 0;
        foreach (var config in configs)
        {
            _epoch++;
            _touched.Clear();
            int maxDelay = 0;
            for (int j = 0; j < slice.Incoming.Count; j++)
            {
                var inc = slice.Incoming[j];
                if (inc.Config != config) continue;
                foreach (int i in synapsesOf[j])
                {
                    int t = inc.Targets[i];
                    if (t < from || t >= to) continue;
                    int gid = inc.SourceGids[i];
                    Grow(gid);
                    if (_stamp[gid] != _epoch)
                    {
                        _stamp[gid] = _epoch;
                        _count[gid] = 0;
                        _touched.Add(gid);
                    }
                    _count[gid]++;
                    maxDelay = Math.Max(maxDelay, inc.DelaySteps[i]);
                }
            }
            int perSynapse = SynapseMemory.BitsPerSynapse(config.NumWeightBits, SynapseMemory.DelayBits(maxDelay), indexBits);
            foreach (int gid in _touched)
            {
                inputAxons++;
                synapses += _count[gid];
                bits += SynapseMemory.BitsPerAxon(_count[gid], perSynapse);
                axon?.Invoke(gid, config);
            }
        }
        return new Tally(to - from, inputAxons, synapses, bits,
            Distinct(slice.CompartmentKeys, from, to), Distinct(slice.ThresholdKeys, from, to), configs.Count);
    }

    /// <summary>The first per-core limit of <paramref name="profile"/> that <paramref name="t"/> breaks, or null.</summary>
    public static Violation? Check(Tally t, LoihiProfile profile)
    {
        if (t.Compartments > profile.CompartmentsPerCore) return new("compartments", t.Compartments, profile.CompartmentsPerCore);
        if (profile.InputAxonsPerCore is { } ia && t.InputAxons > ia) return new("input axons", t.InputAxons, ia);
        if (profile.SynapseMemoryBitsPerCore is { } mem && t.SynapseBits > mem) return new("synapse memory", t.SynapseBits, mem);
        if (profile.CompartmentConfigsPerCore is { } cc && t.CompartmentConfigs > cc) return new("compartment configurations", t.CompartmentConfigs, cc);
        if (profile.ThresholdConfigsPerCore is { } tc && t.ThresholdConfigs > tc) return new("threshold configurations", t.ThresholdConfigs, tc);
        if (profile.SynapseConfigsPerCore is { } sc && t.SynapseConfigs > sc) return new("synapse configurations", t.SynapseConfigs, sc);
        return null;
    }

    private static int Distinct(int[]? keys, int from, int to)
    {
        if (to <= from) return 0;
        if (keys is null) return 1;
        var seen = new HashSet<int>();
        for (int i = from; i < to; i++) seen.Add(keys[i]);
        return seen.Count;
    }

    private void Grow(int gid)
    {
        if (gid < _count.Length) return;
        int size = Math.Max(gid + 1, _count.Length * 2);
        Array.Resize(ref _count, size);
        Array.Resize(ref _stamp, size);
    }
}
