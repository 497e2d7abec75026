using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// What a run of a cut network needs beyond the cut itself: the window (the minimum synaptic delay in steps), who
/// sends packets to whom, and the routing keys packets carry. The cut (which neurons each shard holds, and the gids)
/// is made in NeuroActors.Routing (<see cref="ShardCut"/>); the plan reads it.
/// </summary>
public sealed class NetworkPlan
{
    private readonly bool[,] _projectsInto; // [source population, shard]

    /// <summary>Plans <paramref name="spec"/> over <paramref name="shards"/> shards cut as one process cuts them (<see cref="ShardCut.Equal"/>).</summary>
    /// <exception cref="ArgumentException">Fewer shards than backends in use.</exception>
    public NetworkPlan(NetworkSpec spec, int shards) : this(ShardCut.Equal(spec, shards)) { }

    /// <summary>Plans <paramref name="spec"/> with the given cut: <paramref name="shards"/>[k] lists the slices of shard k (see <see cref="ShardCut"/>).</summary>
    /// <exception cref="ArgumentException">The slices do not make a cut (<see cref="ShardCut(NetworkSpec, IReadOnlyList{IReadOnlyList{ShardSlice}})"/>).</exception>
    public NetworkPlan(NetworkSpec spec, IReadOnlyList<IReadOnlyList<ShardSlice>> shards, IReadOnlyList<IReadOnlyList<int>>? downstream = null)
        : this(new ShardCut(spec, shards), downstream) { }

    /// <summary>Plans the network of <paramref name="cut"/>.</summary>
    /// <param name="cut">Which neurons each shard holds.</param>
    /// <param name="downstream">
    /// Where each shard's packets go, when routing tables decide (clusters); null to derive it from the projections.
    /// Every shard that receives synapses from a shard must be in its list, or the receiver would miss spikes.
    /// </param>
    /// <exception cref="ArgumentException">A route names a shard outside the cut.</exception>
    /// <exception cref="ModelException">A population names a backend that is not registered (<see cref="ShardBackends"/>).</exception>
    public NetworkPlan(ShardCut cut, IReadOnlyList<IReadOnlyList<int>>? downstream = null)
    {
        var spec = cut.Spec;
        ShardBackends.ThrowIfUnknown(spec);
        Cut = cut;
        Spec = spec;
        Shards = cut.Shards;
        DtMs = spec.Simulation.DtMs;
        WindowSteps = WindowStepsOf(spec);
        Keys = new SpikeKeys(spec);
        _projectsInto = new bool[spec.Populations.Count, Shards];
        foreach (var pr in spec.Projections)
        {
            int s = spec.PopulationIndex(pr.Source), t = spec.PopulationIndex(pr.Target);
            for (int k = 0; k < Shards; k++)
                if (cut.Slice(t, k).Count > 0) _projectsInto[s, k] = true;
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

    /// <summary>The cut: which neurons each shard holds, their gids, each shard's backend.</summary>
    public ShardCut Cut { get; }

    /// <summary>The model.</summary>
    public NetworkSpec Spec { get; }

    /// <summary>Number of shards.</summary>
    public int Shards { get; }

    /// <summary>Time step in ms.</summary>
    public double DtMs { get; }

    /// <summary>Window length in steps: the minimum delay of any projection (10 steps when there are none).</summary>
    public int WindowSteps { get; }

    /// <summary>The window length of <paramref name="spec"/> in steps (<see cref="WindowSteps"/>): a property of the model, not of the cut.</summary>
    /// <remarks>A projection that can make no synapse (a from_file connector listing none) constrains nothing.</remarks>
    public static int WindowStepsOf(NetworkSpec spec)
    {
        var delays = spec.Projections.Select(pr => pr.MinDelayMs).Where(double.IsFinite).ToList();
        return delays.Count == 0 ? 10 : delays.Min(d => DelaySteps(d, spec.Simulation.DtMs));
    }

    /// <summary>Total neurons in the network (<see cref="ShardCut.TotalNeurons"/>).</summary>
    public int TotalNeurons => Cut.TotalNeurons;

    /// <summary>Shards that send packets to shard k (their spikes reach neurons of k).</summary>
    public int[][] Upstream { get; }

    /// <summary>Shards that shard k sends packets to.</summary>
    public int[][] Downstream { get; }

    /// <summary>The routing keys spike packets carry, from the model's slicing (the same for every cut).</summary>
    public SpikeKeys Keys { get; }

    /// <summary>Global id of neuron 0 of population p (<see cref="ShardCut.PopulationOffset"/>).</summary>
    public int PopulationOffset(int population) => Cut.PopulationOffset(population);

    /// <summary>The population a global id belongs to (<see cref="ShardCut.PopulationOf"/>).</summary>
    public int PopulationOf(int gid) => Cut.PopulationOf(gid);

    /// <summary>The slice of population p held by shard k (<see cref="ShardCut.Slice"/>).</summary>
    public (int Start, int Count) Slice(int population, int shard) => Cut.Slice(population, shard);

    /// <summary>True when spikes of population p must reach shard k.</summary>
    public bool ProjectsInto(int population, int shard) => _projectsInto[population, shard];

    /// <summary>Delay in whole steps: the nearest step, halves up, as NEST rounds (<see cref="TimeGrid"/>); at least one step.</summary>
    public int DelaySteps(double delayMs) => TimeGrid.DelaySteps(delayMs, DtMs);

    private static int DelaySteps(double delayMs, double dtMs) => TimeGrid.DelaySteps(delayMs, dtMs);

    /// <summary>Number of steps for a duration in ms.</summary>
    public long StepsFor(double ms) => (long)Math.Round(ms / DtMs);

    private bool SendsTo(int from, int to)
    {
        for (int p = 0; p < Spec.Populations.Count; p++)
            if (Slice(p, from).Count > 0 && _projectsInto[p, to]) return true;
        return false;
    }
}
