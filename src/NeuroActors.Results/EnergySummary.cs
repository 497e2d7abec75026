using NeuroActors.Model;

namespace NeuroActors.Results;

/// <summary>What the shards of one backend did in a run.</summary>
/// <param name="Backend">The backend's name.</param>
/// <param name="Neurons">Neurons of its populations.</param>
/// <param name="Spikes">Spikes its neurons emitted.</param>
/// <param name="SynapticEvents">Synaptic events delivered into its neurons (spike × synapse, plus stimulus events).</param>
/// <param name="BiologicalMs">
/// Biological time the counts cover: from the session's build or last reset (its shards count from there) to where it
/// stands. After a resume that carried totals, the run's totals cover more; these do not include the carried part.
/// </param>
/// <param name="Counters">
/// The backend's own counters summed over its shards, by name (for the loihi backend what the emulated cores did:
/// <c>synaptic_ops</c>, <c>active_updates</c>, …), over the same time; null when the backend counts none.
/// </param>
public sealed record BackendActivity(string Backend, long Neurons, long Spikes, long SynapticEvents, double BiologicalMs,
    IReadOnlyDictionary<string, long>? Counters = null);

/// <summary>The published SpiNNaker figures the estimate uses, in joules (../shared/reference/spinnaker.md).</summary>
/// <param name="PerPacket">Router energy of one 40-bit multicast packet: 25 pJ per bit, about 1 nJ (sPyNNaker's energy constants for SpiNNaker 1).</param>
/// <param name="PerSynapticEvent">
/// Whole-system energy per synaptic event of the cortical microcircuit in hard real time: about 0.6 µJ (Rhodes et al.,
/// Phil. Trans. R. Soc. A 2020). It includes routers, cores and idle power.
/// </param>
/// <param name="PerSynapticEventSlow">The same at a 20× slowdown: about 5.9 µJ (van Albada et al., Front. Neurosci. 2018).</param>
public sealed record SpinnakerEnergyFigures(double PerPacket, double PerSynapticEvent, double PerSynapticEventSlow)
{
    /// <summary>The figures of the reference.</summary>
    public static SpinnakerEnergyFigures Published { get; } = new(1e-9, 0.6e-6, 5.9e-6);
}

/// <summary>
/// What the float populations of a run would cost on SpiNNaker: the whole-system energy per synaptic event measured
/// in hard real time times the events delivered, with the router's share (one multicast packet per spike) beside it.
/// </summary>
/// <param name="Populations">The populations estimated (those of the float CPU backend).</param>
/// <param name="Packets">Multicast packets: one per spike of those populations (the routers copy it to every destination).</param>
/// <param name="SynapticEvents">Synaptic events delivered into them.</param>
/// <param name="BiologicalSeconds">Biological time the counts cover.</param>
/// <param name="Joules">The estimate: synaptic events × <see cref="SpinnakerEnergyFigures.PerSynapticEvent"/>.</param>
/// <param name="RouterJoules">The routers' part of it: packets × <see cref="SpinnakerEnergyFigures.PerPacket"/>.</param>
/// <param name="JoulesSlowed">The same events at a 20× slowdown: × <see cref="SpinnakerEnergyFigures.PerSynapticEventSlow"/>.</param>
/// <param name="JoulesPerBiologicalSecond">Joules per second of biological time (null when no time passed).</param>
/// <param name="JoulesPerSpike">Joules per spike of those populations (null when none spiked).</param>
public sealed record SpinnakerEnergy(IReadOnlyList<string> Populations, long Packets, long SynapticEvents, double BiologicalSeconds,
    double Joules, double RouterJoules, double JoulesSlowed, double? JoulesPerBiologicalSecond, double? JoulesPerSpike)
{
    /// <summary>The estimate of <paramref name="packets"/> packets and <paramref name="events"/> synaptic events over <paramref name="biologicalSeconds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative count or time.</exception>
    public static SpinnakerEnergy Estimate(IReadOnlyList<string> populations, long packets, long events, double biologicalSeconds,
        SpinnakerEnergyFigures? figures = null)
    {
        var f = figures ?? SpinnakerEnergyFigures.Published;
        if (packets < 0 || events < 0) throw new ArgumentOutOfRangeException(nameof(packets), "counts are never negative");
        if (!(biologicalSeconds >= 0)) throw new ArgumentOutOfRangeException(nameof(biologicalSeconds), biologicalSeconds, "biological time is at least 0 s");
        double joules = events * f.PerSynapticEvent;
        return new SpinnakerEnergy(populations, packets, events, biologicalSeconds, joules, packets * f.PerPacket, events * f.PerSynapticEventSlow,
            biologicalSeconds > 0 ? joules / biologicalSeconds : null, packets > 0 ? joules / packets : null);
    }
}

/// <summary>The <c>energy</c> section of <c>summary.json</c>: estimates of what the run would cost on neuromorphic hardware.</summary>
/// <param name="Spinnaker">The float populations on SpiNNaker (null when the model has none).</param>
/// <param name="Loihi">
/// The populations of the loihi backend on Loihi cores (null when the model has none, or no estimator is registered:
/// the Loihi assembly registers one, <see cref="HardwareEnergy.Register"/>).
/// </param>
public sealed record EnergySummary(SpinnakerEnergy? Spinnaker, HardwareEnergy? Loihi = null)
{
    /// <summary>The estimates for a run of <paramref name="spec"/>; null when the run did not count per backend.</summary>
    public static EnergySummary? Of(NetworkSpec spec, RunStats stats)
    {
        if (stats.Backends is not { } backends) return null;
        var cpu = backends.FirstOrDefault(b => b.Backend == PopulationSpec.DefaultBackend);
        var names = spec.Populations.Where(p => p.BackendName == PopulationSpec.DefaultBackend).Select(p => p.Name).ToArray();
        var loihi = backends.FirstOrDefault(b => b.Backend == PopulationSpec.LoihiBackend);
        return new EnergySummary(cpu is null || names.Length == 0 ? null
            : SpinnakerEnergy.Estimate(names, cpu.Spikes, cpu.SynapticEvents, cpu.BiologicalMs / 1000.0),
            loihi is null ? null : HardwareEnergy.Estimate(spec, loihi));
    }
}
