using System.Numerics;
using NeuroActors.Training;

namespace NeuroActors.Runtime.Training;

/// <summary>What one training epoch gave, reported when it ends (and kept in every checkpoint after it).</summary>
/// <param name="Epoch">The epoch, from 0.</param>
/// <param name="TrainLoss">Mean loss over the epoch's training samples (as each batch found it, before its step).</param>
/// <param name="TrainAccuracy">Fraction of the epoch's training samples predicted right (before each batch's step).</param>
/// <param name="TestLoss">Mean loss over the test set with the epoch's final parameters; NaN without a test set.</param>
/// <param name="TestAccuracy">Fraction of the test set predicted right; NaN without a test set.</param>
/// <param name="SpikesPerSample">Per spiking layer, spikes per training sample (summed over the sample's steps and neurons).</param>
/// <param name="TestSpikesPerSample">The same over the test set with the epoch's final parameters.</param>
/// <param name="Seconds">Wall time of the epoch (training and evaluation).</param>
/// <param name="SamplesPerSecond">Training samples per second of wall time.</param>
/// <param name="LearningRate">The learning rate of the epoch's steps.</param>
/// <param name="Steps">Optimizer steps taken since the run's start, this epoch's included.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double TrainAccuracy, double TestLoss, double TestAccuracy,
    double[] SpikesPerSample, double[] TestSpikesPerSample, double Seconds, double SamplesPerSecond, double LearningRate, long Steps)
{
    /// <summary>Each test sample's predicted class with the epoch's final parameters (for a confusion matrix); empty in
    /// reports read back from a checkpoint.</summary>
    public int[] TestPredictions { get; init; } = [];
}

/// <summary>One optimizer step done: for a progress bar.</summary>
/// <param name="Epoch">The epoch, from 0.</param>
/// <param name="Epochs">Epochs of the run.</param>
/// <param name="Batch">The batch just stepped, from 0.</param>
/// <param name="Batches">Batches in the epoch.</param>
/// <param name="Loss">The batch's mean loss.</param>
/// <param name="Accuracy">The batch's accuracy.</param>
/// <param name="Step">Optimizer steps since the run's start.</param>
public sealed record BatchProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy, long Step);

/// <summary>An epoch started again after a worker was lost.</summary>
/// <param name="Epoch">The epoch started again (from its start, with the parameters of the last checkpoint).</param>
/// <param name="Worker">The lost worker.</param>
/// <param name="Reason">What happened to it.</param>
/// <param name="WorkersLeft">Workers the epoch goes on with.</param>
public sealed record TrainingRestart(int Epoch, string Worker, string Reason, int WorkersLeft);

/// <summary>
/// Hears a training run's progress. Called on the coordinator's thread, one call at a time, in order: keep each call
/// short (hand the value to a UI or a file), and do not throw.
/// </summary>
public interface ITrainingListener
{
    /// <summary>A batch's optimizer step is done.</summary>
    void OnBatch(BatchProgress progress);

    /// <summary>An epoch ended (after its evaluation and its checkpoint).</summary>
    void OnEpoch(EpochReport report);

    /// <summary>An epoch starts again from the last checkpoint because a worker was lost.</summary>
    void OnRestart(TrainingRestart restart);
}

/// <summary>What a training run ends with.</summary>
/// <param name="Parameters">The final parameters.</param>
/// <param name="Epochs">Every epoch's report from the run's start (a resumed run's earlier epochs come from its checkpoint).</param>
/// <param name="TestPredictions">Each test sample's predicted class after the last epoch (for a confusion matrix).</param>
/// <param name="TestLabels">Each test sample's class.</param>
/// <param name="Restarts">Epochs started again after a lost worker.</param>
/// <param name="Steps">Optimizer steps taken since the run's start.</param>
public sealed record TrainingResult<T>(ParameterSet<T> Parameters, IReadOnlyList<EpochReport> Epochs, int[] TestPredictions, int[] TestLabels,
    IReadOnlyList<TrainingRestart> Restarts, long Steps) where T : unmanaged, IFloatingPointIeee754<T>;
