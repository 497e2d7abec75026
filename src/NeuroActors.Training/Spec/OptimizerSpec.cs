namespace NeuroActors.Training;

/// <summary>The optimizer applied once per mini-batch to the summed gradient divided by the batch size.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba 2015) with PyTorch's bias correction and ε outside the square root.</summary>
    Adam,
    /// <summary>Stochastic gradient descent with (PyTorch-style) momentum: v = μ·v + g; w −= lr·v.</summary>
    Sgd,
}

/// <summary>How the learning rate changes with the epoch.</summary>
public enum ScheduleKind
{
    /// <summary>The same rate every epoch.</summary>
    Constant,
    /// <summary>Multiplied by <see cref="ScheduleSpec.Gamma"/> every <see cref="ScheduleSpec.StepEpochs"/> epochs (PyTorch's StepLR).</summary>
    Step,
    /// <summary>Cosine annealing from the rate to 0 over the run's epochs (PyTorch's CosineAnnealingLR, η_min = 0).</summary>
    Cosine,
}

/// <summary>A learning-rate schedule, applied per epoch.</summary>
public sealed record ScheduleSpec(ScheduleKind Kind = ScheduleKind.Constant, int StepEpochs = 1, double Gamma = 1.0);

/// <summary>Optimizer and its hyper-parameters (PyTorch's defaults where one exists).</summary>
public sealed record OptimizerSpec(
    OptimizerKind Kind,
    double LearningRate,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8,
    double Momentum = 0.0,
    double WeightDecay = 0.0,
    ScheduleSpec? Schedule = null);
