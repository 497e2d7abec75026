using System.Collections.Concurrent;
using NeuroActors.Model;

namespace NeuroActors.Results;

/// <summary>
/// An energy estimate of one backend's populations on the hardware it emulates, in neutral terms: the counts it was
/// made from, joules by component, and the totals per biological second and per spike. The backend's own assembly
/// computes it (this one knows no hardware figures) and registers how with <see cref="Register"/>.
/// </summary>
/// <param name="Hardware">The hardware and profile the estimate is for, e.g. <c>loihi2 cores, Davies et al. 2018 figures (Loihi 1)</c>.</param>
/// <param name="Source">Where the figures come from.</param>
/// <param name="Populations">The populations estimated.</param>
/// <param name="BiologicalSeconds">Biological time the counts cover.</param>
/// <param name="Counts">The counts, by name.</param>
/// <param name="ComponentJoules">Joules per component (they add up to <paramref name="Joules"/>) and bounds reported beside them.</param>
/// <param name="Joules">The estimate.</param>
/// <param name="JoulesPerBiologicalSecond">Joules per second of biological time (null when no time passed).</param>
/// <param name="JoulesPerSpike">Joules per spike of those populations (null when none spiked).</param>
public sealed record HardwareEnergy(string Hardware, string Source, IReadOnlyList<string> Populations, double BiologicalSeconds,
    IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, double> ComponentJoules, double Joules,
    double? JoulesPerBiologicalSecond, double? JoulesPerSpike)
{
    private static readonly ConcurrentDictionary<string, Func<NetworkSpec, BackendActivity, HardwareEnergy?>> Estimators = new();

    /// <summary>
    /// Makes <paramref name="estimate"/> the estimator of backend <paramref name="backend"/>'s activity (once per
    /// process; again replaces it). The backend's assembly registers it beside the backend itself.
    /// </summary>
    public static void Register(string backend, Func<NetworkSpec, BackendActivity, HardwareEnergy?> estimate) => Estimators[backend] = estimate;

    /// <summary>The estimate of <paramref name="activity"/>, or null when its backend has no estimator or counted nothing to estimate from.</summary>
    public static HardwareEnergy? Estimate(NetworkSpec spec, BackendActivity activity) =>
        Estimators.TryGetValue(activity.Backend, out var estimate) ? estimate(spec, activity) : null;
}
