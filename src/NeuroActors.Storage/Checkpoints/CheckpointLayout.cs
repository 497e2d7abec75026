using NeuroActors.Kernel.Network;
using NeuroActors.Kernel.Shard;
using NeuroActors.Model;
using NeuroActors.Routing;

namespace NeuroActors.Storage.Checkpoints;

/// <summary>A half-open range [<see cref="Start"/>, <see cref="End"/>) of global neuron ids.</summary>
public readonly record struct GidRange(int Start, int End)
{
    /// <summary>Number of gids in the range.</summary>
    public int Count => End - Start;

    /// <summary>Whether <paramref name="gid"/> lies in the range.</summary>
    public bool Contains(int gid) => gid >= Start && gid < End;

    /// <summary>Whether the two ranges share a gid.</summary>
    public bool Overlaps(GidRange other) => Start < other.End && other.Start < End;

    /// <summary>Whether any of <paramref name="ranges"/> holds <paramref name="gid"/>.</summary>
    public static bool AnyContains(IReadOnlyList<GidRange> ranges, int gid)
    {
        foreach (var r in ranges) if (r.Contains(gid)) return true;
        return false;
    }

    /// <summary>The gids of shard <paramref name="shard"/> of <paramref name="plan"/>, one range per non-empty slice.</summary>
    public static IReadOnlyList<GidRange> HeldBy(NetworkPlan plan, int shard)
    {
        var ranges = new List<GidRange>();
        for (int p = 0; p < plan.Spec.Populations.Count; p++)
        {
            var (start, count) = plan.Slice(p, shard);
            if (count > 0) ranges.Add(new GidRange(plan.PopulationOffset(p) + start, plan.PopulationOffset(p) + start + count));
        }
        return ranges;
    }

    /// <summary>Sorted gids as the fewest ranges.</summary>
    public static IReadOnlyList<GidRange> Of(IEnumerable<int> sortedGids)
    {
        var ranges = new List<GidRange>();
        foreach (int g in sortedGids)
        {
            if (ranges.Count > 0 && ranges[^1].End == g) ranges[^1] = ranges[^1] with { End = g + 1 };
            else ranges.Add(new GidRange(g, g + 1));
        }
        return ranges;
    }
}

/// <summary>One population as a checkpoint records it: its gids and the names of its state row's columns.</summary>
/// <param name="Name">Population name.</param>
/// <param name="FirstGid">Global id of its first neuron.</param>
/// <param name="Size">Number of neurons.</param>
/// <param name="State">Names of the columns of each neuron's state row, in order.</param>
public sealed record PopulationLayout(string Name, int FirstGid, int Size, IReadOnlyList<string> State)
{
    /// <summary>
    /// How many receptors its pending input may name (its backend's; 2 for the CPU kernel). Taken from the model, not
    /// written in the manifest, and not compared by <see cref="Equals(PopulationLayout)"/>, like the projections.
    /// </summary>
    public int Receptors { get; init; } = 2;

    /// <summary>Equal when every field and every state name is equal.</summary>
    public bool Equals(PopulationLayout? other) =>
        other is not null && Name == other.Name && FirstGid == other.FirstGid && Size == other.Size && State.SequenceEqual(other.State);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, FirstGid, Size, State.Count);
}

/// <summary>One projection as a checkpoint's weights name it: its index is its place in the model.</summary>
/// <param name="Label">The projection's name, or source->target.</param>
/// <param name="Source">Index of its source population.</param>
/// <param name="Target">Index of its target population.</param>
/// <param name="Plastic">Whether its synapses are plastic: its weights block then carries their pairing state.</param>
public sealed record ProjectionLayout(string Label, int Source, int Target, bool Plastic = false);

/// <summary>
/// What a model says a checkpoint of it must look like: fingerprint, seed, time step, window, and each population's
/// gids and state columns. Readers check a checkpoint against it, so a checkpoint of another model, or one whose rows
/// do not fit the model's neurons, is refused before anything is restored.
/// </summary>
/// <param name="Fingerprint">The model's <see cref="Checkpoint.FingerprintOf"/>.</param>
/// <param name="Seed">The model's seed.</param>
/// <param name="DtMs">Time step in ms.</param>
/// <param name="WindowSteps">Steps per window: undelivered spikes lie in the last window before the checkpoint.</param>
/// <param name="Populations">Populations in gid order.</param>
public sealed record CheckpointLayout(string Fingerprint, ulong Seed, double DtMs, int WindowSteps, IReadOnlyList<PopulationLayout> Populations)
{
    /// <summary>
    /// The model's projections, against which the weights of a checkpoint are checked. Not written in the manifest (the
    /// fingerprint covers them) and not compared by <see cref="Equals(CheckpointLayout)"/>: a layout read from a
    /// manifest has none, so weights are decoded against the layout of the model being restored.
    /// </summary>
    public IReadOnlyList<ProjectionLayout> Projections { get; init; } = [];

    /// <summary>Whether some projection is plastic: the plastic sections then end with the archived postsynaptic spikes.</summary>
    public bool HasPlastic => Projections.Any(p => p.Plastic);

    /// <summary>Number of neurons in the network.</summary>
    public int TotalNeurons => Populations.Count == 0 ? 0 : Populations[^1].FirstGid + Populations[^1].Size;

    /// <summary>The layout of <paramref name="spec"/>'s checkpoints.</summary>
    public static CheckpointLayout Of(NetworkSpec spec)
    {
        // Each population's state columns are those its backend writes.
        var first = ShardCut.FirstGids(spec);
        var populations = spec.Populations.Select((p, i) => new PopulationLayout(p.Name, first[i], p.Size, ShardBackends.StateNames(spec, i))
        {
            Receptors = ShardBackends.Receptors(spec, i),
        }).ToArray();
        var projections = spec.Projections.Select(pr => new ProjectionLayout(pr.Label, spec.PopulationIndex(pr.Source), spec.PopulationIndex(pr.Target), pr.Synapse.Plasticity is not null)).ToArray();
        return new CheckpointLayout(Checkpoint.FingerprintOf(spec), spec.Simulation.Seed, spec.Simulation.DtMs, NetworkPlan.WindowStepsOf(spec), populations)
        {
            Projections = projections,
        };
    }

    /// <summary>Index of the population holding <paramref name="gid"/>, or -1 when no population does.</summary>
    public int PopulationOf(int gid)
    {
        for (int p = 0; p < Populations.Count; p++)
            if (gid >= Populations[p].FirstGid && gid < Populations[p].FirstGid + Populations[p].Size) return p;
        return -1;
    }

    /// <summary>Equal when every field and every population is equal.</summary>
    public bool Equals(CheckpointLayout? other) =>
        other is not null && Fingerprint == other.Fingerprint && Seed == other.Seed && DtMs.Equals(other.DtMs) &&
        WindowSteps == other.WindowSteps && Populations.SequenceEqual(other.Populations);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Fingerprint, Seed, DtMs, WindowSteps, Populations.Count);
}
