namespace NeuroActors.Model;

/// <summary>How a class score is read from a network's output population over a trial.</summary>
public enum ClassScore
{
    /// <summary>The largest value of the output's recorded <c>v</c> over the trial's steps (cross-entropy on the maximum potential).</summary>
    MaxPotential,
    /// <summary>The output's recorded <c>v</c> at the trial's last step.</summary>
    LastPotential,
    /// <summary>The number of spikes of each output neuron over the trial's steps (the spike-count losses).</summary>
    SpikeCount,
}

/// <summary>
/// How a network classifies: spike trains are given to <paramref name="InputPopulation"/> (a spike_source_array), and
/// each neuron of <paramref name="OutputPopulation"/> is a class whose score is taken over the simulation steps
/// [<paramref name="FirstStep"/>, <paramref name="FirstStep"/> + <paramref name="Steps"/>); the predicted class is the
/// one with the highest score, the lowest index among equals (as PyTorch's <c>argmax</c>).
/// </summary>
/// <param name="InputPopulation">The spike_source_array population that receives each trial's input.</param>
/// <param name="OutputPopulation">The population whose neurons are the classes.</param>
/// <param name="Score">How a class's score is read.</param>
/// <param name="FirstStep">
/// The first simulation step of the trial at the output: with one step of synaptic delay per layer, the output of a
/// network of k layers above its input answers the input of step t at step t + k.
/// </param>
/// <param name="Steps">The trial's length in steps.</param>
public sealed record ClassifierReadout(string InputPopulation, string OutputPopulation, ClassScore Score, int FirstStep, int Steps);

/// <summary>One labelled trial: the input population's spike times (ms; one sorted list per neuron) and the true class.</summary>
/// <param name="InputSpikeTimesMs">One sorted list of spike times per neuron of the input population.</param>
/// <param name="Label">The true class.</param>
public sealed record ClassifierTrial(double[][] InputSpikeTimesMs, int Label);
