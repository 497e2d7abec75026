namespace NeuroActors.Loihi.Cores;

/// <summary>
/// A population the mapping places on cores: its gids and how the plan cuts it into slices. A slice never shares a
/// core with another slice; one larger than a core is spread over as many cores as it needs.
/// </summary>
/// <param name="Name">Population name, for messages.</param>
/// <param name="FirstGid">Global id of its neuron 0.</param>
/// <param name="SliceSizes">Neurons of each slice, in neuron order (they add up to the population's size).</param>
public sealed record LoihiPopulationInput(string Name, int FirstGid, IReadOnlyList<int> SliceSizes)
{
    /// <summary>Neurons in the population.</summary>
    public int Neurons => SliceSizes.Sum();
}

/// <summary>
/// The synapses of one projection whose targets lie in one slice: parallel arrays, one entry per synapse.
/// </summary>
/// <param name="Projection">Projection label, for messages.</param>
/// <param name="Config">Its synapse configuration.</param>
/// <param name="SourceGids">Global id of each synapse's presynaptic neuron.</param>
/// <param name="Targets">Each synapse's target, as an index within the slice.</param>
/// <param name="DelaySteps">Each synapse's delay in steps (at least 1).</param>
public sealed record LoihiIncoming(string Projection, SynapseConfig Config, int[] SourceGids, int[] Targets, int[] DelaySteps)
{
    /// <summary>Number of synapses.</summary>
    public int Count => SourceGids.Length;
}

/// <summary>
/// One slice as the mapping sees it: its neurons' configuration keys and its incoming synapses. Neurons with equal
/// keys share a configuration register of the core; null keys mean one configuration for the whole slice.
/// </summary>
/// <param name="Population">Index of the population in <see cref="LoihiMappingInput.Populations"/>.</param>
/// <param name="Slice">Index of the slice in the population's <see cref="LoihiPopulationInput.SliceSizes"/>.</param>
/// <param name="CompartmentKeys">Per neuron of the slice, its compartment configuration (du, dv, refractory period), or null.</param>
/// <param name="ThresholdKeys">Per neuron of the slice, its threshold configuration, or null.</param>
/// <param name="Incoming">The synapses onto the slice's neurons, per projection.</param>
public sealed record LoihiSliceInput(int Population, int Slice, int[]? CompartmentKeys, int[]? ThresholdKeys, IReadOnlyList<LoihiIncoming> Incoming);

/// <summary>
/// Everything the mapping needs, without the model or the kernel: the populations on Loihi cores and, slice by slice
/// (produced lazily, so that a large network's synapses are never all in memory), their incoming synapses. Each slice
/// of every population must come exactly once.
/// </summary>
/// <param name="Populations">The populations that run on Loihi cores.</param>
/// <param name="Slices">Each slice's configuration keys and synapses.</param>
public sealed record LoihiMappingInput(IReadOnlyList<LoihiPopulationInput> Populations, IEnumerable<LoihiSliceInput> Slices);
