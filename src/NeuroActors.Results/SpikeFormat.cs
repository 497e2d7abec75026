namespace NeuroActors.Results;

/// <summary>File format of the spike output.</summary>
public enum SpikeFormat
{
    /// <summary>SONATA-style HDF5: <c>spikes.h5</c> with <c>/spikes/&lt;population&gt;/node_ids</c> and <c>timestamps</c>.</summary>
    Hdf5,

    /// <summary><c>spikes.csv</c>: population, neuron, time in ms, sorted by time, population, neuron.</summary>
    Csv,
}
