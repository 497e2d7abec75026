using NeuroActors.Model;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// How a network is cut into shards: every population is split into <see cref="Shards"/> near-equal contiguous
/// slices and shard k holds slice k of every population. Global neuron ids (gids) number the neurons of all
/// populations in model order. Also fixes the window: the minimum synaptic delay in steps.
/// </summary>
public sealed class NetworkPlan
{
    private readonly int[] _offsets;
    private readonly bool[,] _projectsInto; // [source population, shard]

    /// <summary>Plans <paramref name="spec"/> over <paramref name="shards"/> shards.</summary>
    public NetworkPlan(NetworkSpec spec, int shards)
    {
        if (shards < 1) throw new ArgumentOutOfRangeException(nameof(shards), shards, "the number of shards must be at least 1");
        Spec = spec;
        Shards = shards;
        DtMs = spec.Simulation.DtMs;
        _offsets = new int[spec.Populations.Count + 1];
        for (int p = 0; p < spec.Populations.Count; p++) _offsets[p + 1] = checked(_offsets[p] + spec.Populations[p].Size);
        WindowSteps = spec.Projections.Count == 0
            ? 10
            : spec.Projections.Min(pr => DelaySteps(pr.Synapse.DelayMs.Minimum));

        _projectsInto = new bool[spec.Populations.Count, shards];
        foreach (var pr in spec.Projections)
        {
            int s = spec.PopulationIndex(pr.Source), t = spec.PopulationIndex(pr.Target);
            for (int k = 0; k < shards; k++)
                if (Slice(t, k).Count > 0) _projectsInto[s, k] = true;
        }
        Upstream = new int[shards][];
        Downstream = new int[shards][];
        for (int k = 0; k < shards; k++)
        {
            Downstream[k] = Enumerable.Range(0, shards).Where(d => SendsTo(k, d)).ToArray();
            Upstream[k] = Enumerable.Range(0, shards).Where(u => SendsTo(u, k)).ToArray();
        }
    }

    /// <summary>The model.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Number of shards.</summary>
    public int Shards { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Window length in steps: the minimum delay of any projection (10 steps when there are none).</summary>
    public int WindowSteps { get; }

    /// <summary>Total neurons in the network.</summary>
    public int TotalNeurons => _offsets[^1];

    /// <summary>Shards that send packets to shard k (their spikes reach neurons of k).</summary>
    public int[][] Upstream { get; }

    /// <summary>Shards that shard k sends packets to.</summary>
    public int[][] Downstream { get; }

    /// <summary>Global id of neuron 0 of population p.</summary>
    public int PopulationOffset(int population) => _offsets[population];

    /// <summary>The population a global id belongs to.</summary>
    public int PopulationOf(int gid)
    {
        int p = Array.BinarySearch(_offsets, gid);
        return p >= 0 ? Math.Min(p, _offsets.Length - 2) : ~p - 1;
    }

    /// <summary>The slice of population p held by shard k: first index within the population and count.</summary>
    public (int Start, int Count) Slice(int population, int shard)
    {
        long size = Spec.Populations[population].Size;
        int start = (int)(size * shard / Shards);
        int end = (int)(size * (shard + 1) / Shards);
        return (start, end - start);
    }

    /// <summary>The shard holding neuron <paramref name="index"/> of population p.</summary>
    public int ShardOf(int population, int index)
    {
        long size = Spec.Populations[population].Size;
        int k = (int)(((long)index * Shards + Shards - 1) / size);
        while (k > 0 && Slice(population, k).Start > index) k--;
        while (Slice(population, k).Start + Slice(population, k).Count <= index) k++;
        return k;
    }

    /// <summary>True when spikes of population p must reach shard k.</summary>
    public bool ProjectsInto(int population, int shard) => _projectsInto[population, shard];

    /// <summary>Delay in whole steps: NEST rounds to the nearest step; at least one step.</summary>
    public int DelaySteps(double delayMs) => Math.Max(1, (int)Math.Round(delayMs / DtMs));

    /// <summary>Number of steps for a duration in ms.</summary>
    public long StepsFor(double ms) => (long)Math.Round(ms / DtMs);

    private bool SendsTo(int from, int to)
    {
        for (int p = 0; p < Spec.Populations.Count; p++)
            if (Slice(p, from).Count > 0 && _projectsInto[p, to]) return true;
        return false;
    }
}
