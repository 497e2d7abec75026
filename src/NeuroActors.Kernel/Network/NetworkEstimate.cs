using NeuroActors.Kernel.Plasticity;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Network;

/// <summary>
/// How many synapses a model makes and how much memory its shards take, computed from the model alone (counts from
/// the connection rules, no synapse drawn), so that a network too large for a machine is refused before it is built.
/// An estimate: expected counts for random rules, the storage of synapses, neuron state and delay ring buffers,
/// not the recordings or the runtime's own memory.
/// </summary>
/// <param name="Neurons">Neurons in all.</param>
/// <param name="Synapses">Synapses in all (expected, for the random rules).</param>
/// <param name="Bytes">Memory the shards take for them.</param>
public sealed record NetworkEstimate(long Neurons, double Synapses, double Bytes)
{
    /// <summary>Bytes of a static synapse in a shard's rows (target index and delay, weight).</summary>
    public const int StaticBytesPerSynapse = 8;

    /// <summary>
    /// Bytes per neuron besides its ring buffer: state, initial state and input, with room for the build's
    /// temporaries.
    /// </summary>
    public const int BytesPerNeuron = 128;

    /// <summary>Estimates <paramref name="spec"/> (a valid model).</summary>
    public static NetworkEstimate Of(NetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        double synapses = 0, synapseBytes = 0;
        int maxDelaySteps = 1;
        foreach (var pr in spec.Projections)
        {
            var source = spec.Populations.FirstOrDefault(p => p.Name == pr.Source);
            var target = spec.Populations.FirstOrDefault(p => p.Name == pr.Target);
            if (source is null || target is null) continue;
            double n = Count(pr.Connector, source.Size, target.Size, pr.Source == pr.Target);
            synapses += n;
            synapseBytes += n * (StaticBytesPerSynapse + (pr.Synapse.Plasticity is null ? 0 : PlasticSynapses.BytesPerSynapse));
            double maxDelay = pr.Connector.Kind == ConnectorKind.FromFile
                ? pr.Connector.Connections is { Count: > 0 } list ? list.DelaysMs.Max() : 0
                : pr.Synapse.DelayMs.Maximum;
            if (double.IsFinite(maxDelay)) maxDelaySteps = Math.Max(maxDelaySteps, TimeGrid.DelaySteps(maxDelay, spec.Simulation.DtMs));
        }
        // Each neuron has two receptors' ring rows of (longest delay + 1) slots of doubles.
        double neuronBytes = spec.TotalNeurons * (BytesPerNeuron + 2.0 * sizeof(double) * (maxDelaySteps + 1));
        return new NetworkEstimate(spec.TotalNeurons, synapses, synapseBytes + neuronBytes);
    }

    /// <summary>The (expected) synapses of one connection rule between populations of the given sizes.</summary>
    public static double Count(ConnectorSpec c, long sources, long targets, bool recurrent)
    {
        double pairs = (double)sources * targets - (recurrent && !c.AllowAutapses ? sources : 0);
        return c.Kind switch
        {
            ConnectorKind.AllToAll => pairs,
            ConnectorKind.OneToOne => Math.Min(sources, targets),
            ConnectorKind.FixedProbability => c.Probability * pairs,
            ConnectorKind.FixedInDegree => (double)c.Degree * targets,
            ConnectorKind.FixedOutDegree => (double)c.Degree * sources,
            ConnectorKind.FixedTotalNumber => c.TotalNumber,
            ConnectorKind.Explicit => c.Pairs?.Count ?? 0,
            ConnectorKind.FromFile => c.Connections?.Count ?? 0,
            _ => 0,
        };
    }

    /// <summary>
    /// Null when the estimate fits in <paramref name="availableBytes"/>; otherwise one line saying the estimate and
    /// the memory it was compared with (<paramref name="where"/>, e.g. "this machine").
    /// </summary>
    public string? Refusal(double availableBytes, string where) => Bytes <= availableBytes ? null
        : $"the network is too large: about {Synapses:N0} synapses and {Neurons:N0} neurons need about {Gib(Bytes)} GiB, " +
          $"more than the {Gib(availableBytes)} GiB of memory {where} has; make it smaller or run it on a cluster";

    private static string Gib(double bytes) => (bytes / (1L << 30)).ToString(bytes < 10L << 30 ? "0.0" : "N0", System.Globalization.CultureInfo.InvariantCulture);
}
