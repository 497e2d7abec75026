namespace NeuroActors.Kernel.Shard;

/// <summary>
/// Optional capability of a shard backend: the parameters and stimuli a session changes between runs. Every shard of
/// a network is given the same request and applies its own part of it; a backend without this capability cannot run
/// a population whose parameters or stimuli a session changes (<see cref="ShardCapabilities"/> refuses, naming it).
/// </summary>
public interface IShardSettings
{
    /// <summary>
    /// Sets <paramref name="parameter"/> of population <paramref name="population"/>: one value for the whole
    /// population, or one per neuron in population order, of which the shard takes its slice.
    /// </summary>
    /// <exception cref="ArgumentException">The population, parameter or values are refused; the message says why.</exception>
    void SetParameter(int population, string parameter, ReadOnlySpan<double> values);

    /// <summary>Sets the rates of Poisson generator <paramref name="stimulus"/>: one for every targeted neuron, or one per targeted neuron.</summary>
    /// <exception cref="ArgumentException">The stimulus or rates are refused; the message says why.</exception>
    void SetStimulusRates(int stimulus, ReadOnlySpan<double> ratesHz);

    /// <summary>Replaces the spike times of spike_source_array population <paramref name="population"/> (one list per neuron).</summary>
    /// <exception cref="ArgumentException">The population or times are refused; the message says why.</exception>
    void SetSpikeTimes(int population, IReadOnlyList<double[]> timesMs);
}
