namespace NeuroActors.Kernel.Shard;

/// <summary>
/// The session's between-run requests on any shard: passed on to a backend that has the capability
/// (<see cref="IShardSettings"/>, <see cref="IShardWeights"/>); for one that has not, nothing to do when the shard
/// holds none of the population concerned, and refused with the backend's name when it does.
/// </summary>
public static class ShardCapabilities
{
    /// <summary>Sets a parameter (see <see cref="IShardSettings.SetParameter"/>).</summary>
    /// <exception cref="ArgumentException">Refused by the backend, or the shard holds neurons of the population and its backend cannot change parameters.</exception>
    [BetweenRuns]
    public static void SetParameter(this IShardBackend shard, int population, string parameter, ReadOnlySpan<double> values)
    {
        if (shard is IShardSettings settings) settings.SetParameter(population, parameter, values);
        else RefuseIfHeld(shard, population, $"'{parameter}'", "cannot change parameters between runs");
    }

    /// <summary>Sets Poisson rates (see <see cref="IShardSettings.SetStimulusRates"/>).</summary>
    /// <exception cref="ArgumentException">Refused by the backend, or the shard holds neurons the stimulus targets and its backend cannot change stimuli.</exception>
    [BetweenRuns]
    public static void SetStimulusRates(this IShardBackend shard, int stimulus, ReadOnlySpan<double> ratesHz)
    {
        if (shard is IShardSettings settings)
        {
            settings.SetStimulusRates(stimulus, ratesHz);
            return;
        }
        var spec = shard.Plan.Spec;
        if (stimulus < 0 || stimulus >= spec.Stimuli.Count)
            throw new ArgumentException($"stimulus {stimulus} does not exist: the model has {spec.Stimuli.Count}", nameof(stimulus));
        RefuseIfHeld(shard, spec.PopulationIndex(spec.Stimuli[stimulus].Target), $"stimulus {stimulus}", "cannot change stimuli between runs");
    }

    /// <summary>Replaces spike times (see <see cref="IShardSettings.SetSpikeTimes"/>).</summary>
    /// <exception cref="ArgumentException">Refused by the backend, or the shard holds neurons of the population and its backend cannot change spike times.</exception>
    [BetweenRuns]
    public static void SetSpikeTimes(this IShardBackend shard, int population, IReadOnlyList<double[]> timesMs)
    {
        if (shard is IShardSettings settings) settings.SetSpikeTimes(population, timesMs);
        else RefuseIfHeld(shard, population, "spike times", "cannot change spike times between runs");
    }

    /// <summary>The weights of a projection here (see <see cref="IShardWeights.GetWeights"/>); none when the shard holds none of its targets.</summary>
    /// <exception cref="ArgumentException">Refused by the backend, or the shard holds targets of the projection and its backend cannot give weights.</exception>
    [BetweenRuns]
    public static ProjectionWeights GetWeights(this IShardBackend shard, int projection)
    {
        if (shard is IShardWeights weights) return weights.GetWeights(projection);
        RefuseIfHeld(shard, TargetOf(shard, projection), $"projection {projection}", "cannot give weights");
        return new ProjectionWeights([], [], [], []);
    }

    /// <summary>Sets the weights of a projection here (see <see cref="IShardWeights.SetWeights"/>).</summary>
    /// <exception cref="ArgumentException">Refused by the backend, or the shard holds targets of the projection and its backend cannot take weights.</exception>
    [BetweenRuns]
    public static void SetWeights(this IShardBackend shard, int projection, ReadOnlySpan<int> sourceGids, ReadOnlySpan<int> targetGids, ReadOnlySpan<float> weights)
    {
        if (shard is IShardWeights w) w.SetWeights(projection, sourceGids, targetGids, weights);
        else RefuseIfHeld(shard, TargetOf(shard, projection), $"projection {projection}", "cannot take weights");
    }

    /// <summary>
    /// Puts back the weights a snapshot holds (see <see cref="IShardWeights.RestoreWeights"/>), before
    /// <see cref="IShardBackend.Restore"/>: the undelivered spikes it delivers go through them. A backend without the
    /// capability never has weights set, so its own snapshots hold none; it is refused only weights of its own targets.
    /// </summary>
    /// <param name="shard">The shard.</param>
    /// <param name="weights">The snapshot's weights (with the pairing state of plastic projections).</param>
    /// <param name="archive">The snapshot's archived postsynaptic spikes (<see cref="ShardSnapshot.Archive"/>).</param>
    /// <exception cref="ArgumentException">Refused by the backend, or weights of targets this shard holds and its backend cannot take weights.</exception>
    [BetweenRuns]
    public static void RestoreWeights(this IShardBackend shard, IReadOnlyList<SynapseWeights> weights, ArchivedSpikes? archive = null)
    {
        if (shard is IShardWeights w)
        {
            w.RestoreWeights(weights, archive ?? ArchivedSpikes.None);
            return;
        }
        foreach (var block in weights)
            if (block.Count > 0) RefuseIfHeld(shard, TargetOf(shard, block.Projection), $"projection {block.Projection}", "cannot take weights");
    }

    [BetweenRuns]
    private static int TargetOf(IShardBackend shard, int projection)
    {
        var spec = shard.Plan.Spec;
        if (projection < 0 || projection >= spec.Projections.Count)
            throw new ArgumentException($"projection {projection} does not exist: the model has {spec.Projections.Count}", nameof(projection));
        return spec.PopulationIndex(spec.Projections[projection].Target);
    }

    [BetweenRuns]
    private static void RefuseIfHeld(IShardBackend shard, int population, string what, string cannot)
    {
        var spec = shard.Plan.Spec;
        if (population < 0 || population >= spec.Populations.Count)
            throw new ArgumentException($"population {population} does not exist: the model has {spec.Populations.Count}", nameof(population));
        if (shard.Plan.Slice(population, shard.Index).Count == 0) return;
        var pop = spec.Populations[population];
        throw new ArgumentException($"{what}: population {pop.Name} runs on shard backend '{pop.BackendName}', which {cannot}", nameof(population));
    }
}
