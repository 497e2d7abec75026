namespace NeuroActors.Results.Training;

/// <summary>
/// What one finished training epoch measured: one row of <c>metrics.csv</c>, one element of <c>metrics.json</c>'s
/// <c>epochs</c>. Equality compares the arrays element by element (a run read back equals the run written).
/// </summary>
/// <param name="Epoch">Epoch number, from 1.</param>
/// <param name="TrainLoss">Mean loss per training sample over the epoch.</param>
/// <param name="TrainAccuracy">Fraction of training samples classified correctly, in [0, 1].</param>
/// <param name="TestLoss">Mean loss per test sample after the epoch; null when there is no test set.</param>
/// <param name="TestAccuracy">Fraction of test samples classified correctly; null when there is no test set.</param>
/// <param name="Layers">Names of the spiking layers, in network order.</param>
/// <param name="SpikesPerSample">Mean spikes per training sample of each layer of <paramref name="Layers"/> (all its neurons, all steps).</param>
/// <param name="EpochSeconds">Wall time of the epoch (training and evaluation).</param>
/// <param name="SamplesPerSecond">Training samples per wall-clock second.</param>
/// <param name="LearningRate">Learning rate used in the epoch's last step.</param>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    string[] Layers,
    double[] SpikesPerSample,
    double EpochSeconds,
    double SamplesPerSecond,
    double LearningRate)
{
    /// <summary>Equal fields, arrays compared element by element (NaN equals NaN, as <see cref="double.Equals(double)"/> has it).</summary>
    public bool Equals(EpochMetrics? other) =>
        other is not null && Epoch == other.Epoch && TrainLoss.Equals(other.TrainLoss) && TrainAccuracy.Equals(other.TrainAccuracy)
        && Nullable.Equals(TestLoss, other.TestLoss) && Nullable.Equals(TestAccuracy, other.TestAccuracy)
        && Layers.AsSpan().SequenceEqual(other.Layers) && SpikesPerSample.AsSpan().SequenceEqual(other.SpikesPerSample)
        && EpochSeconds.Equals(other.EpochSeconds) && SamplesPerSecond.Equals(other.SamplesPerSecond) && LearningRate.Equals(other.LearningRate);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Epoch, TrainLoss, TestLoss, Layers.Length, LearningRate);
}
