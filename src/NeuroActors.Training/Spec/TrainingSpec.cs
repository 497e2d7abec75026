namespace NeuroActors.Training;

/// <summary>A whole training config (<c>neuroactors train CONFIG</c>), as read and validated from YAML.</summary>
/// <param name="Dataset">The samples and their split.</param>
/// <param name="Network">The network trained.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="BatchSize">Samples per mini-batch (one optimizer step each).</param>
/// <param name="Epochs">Passes over the training set.</param>
/// <param name="ChunkSize">Samples per chunk: the unit of work handed to a worker and of gradient summation; the
/// result does not depend on the number of workers, but does on this.</param>
/// <param name="Seed">Seeds weight initialisation and shuffling.</param>
/// <param name="Name">A name for reports.</param>
public sealed record TrainingSpec(
    DatasetSpec Dataset,
    TrainingNetworkSpec Network,
    OptimizerSpec Optimizer,
    int BatchSize,
    int Epochs,
    int ChunkSize,
    ulong Seed,
    string Name = "training");
