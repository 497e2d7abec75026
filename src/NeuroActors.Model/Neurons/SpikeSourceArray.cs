namespace NeuroActors.Model;

public sealed partial class NeuronModel
{
    /// <summary>A spike source replaying given spike times (PyNN's SpikeSourceArray); the times go in the population's <c>spike_times</c>.</summary>
    public static NeuronModel SpikeSourceArray { get; } = new("spike_source_array", listed: 6, [], [], weightUnit: "-", WeightSign.Any, isSource: true);
}
