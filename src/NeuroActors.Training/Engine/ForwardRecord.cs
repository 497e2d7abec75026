using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// One sample's forward pass, for rasters and for comparison with the simulator or other frameworks. Matrices are flat,
/// row-major, [steps × size].
/// </summary>
/// <param name="Steps">Steps of the sample.</param>
/// <param name="Spikes">Per spiking layer, S[t, j] (0 or 1).</param>
/// <param name="Membrane">Per spiking layer, the potential compared with the threshold at step t (before a same-step
/// reset; with a previous-step reset it is the potential carried to the next step).</param>
/// <param name="Readout">The readout potentials [steps × classes], or null when the loss is on spike counts.</param>
/// <param name="Scores">The class scores the loss is computed on.</param>
/// <param name="Loss">The sample's loss, without regularisers.</param>
/// <param name="Regularizer">The sample's regulariser term, summed over the spiking layers.</param>
/// <param name="Label">The sample's class.</param>
/// <param name="Prediction">The first index of the largest score.</param>
public sealed record ForwardRecord<T>(
    int Steps, T[][] Spikes, T[][] Membrane, T[]? Readout, T[] Scores,
    double Loss, double Regularizer, int Label, int Prediction)
    where T : unmanaged, IFloatingPointIeee754<T>;
