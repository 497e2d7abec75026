namespace NeuroActors.Training;

/// <summary>The learning rate of an epoch under a schedule, as PyTorch's schedulers give it when stepped once per epoch.</summary>
public static class LearningRates
{
    /// <summary>
    /// The rate for epoch <paramref name="epoch"/> (from 0) of a run of <paramref name="epochs"/> epochs:
    /// Constant: lr. Step (StepLR): lr multiplied by γ once at every epoch that is a positive multiple of
    /// <see cref="ScheduleSpec.StepEpochs"/>, one multiplication at a time as StepLR's <c>step()</c> does (not γ^k,
    /// which can round differently). Cosine (CosineAnnealingLR with T_max = <paramref name="epochs"/>, η_min = 0), in its
    /// closed form η_min + (lr − η_min)·(1 + cos(π·epoch/T_max))/2.
    /// </summary>
    public static double At(OptimizerSpec spec, int epoch, int epochs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        var schedule = spec.Schedule ?? new ScheduleSpec();
        double lr = spec.LearningRate;
        switch (schedule.Kind)
        {
            case ScheduleKind.Constant:
                return lr;
            case ScheduleKind.Step:
                ArgumentOutOfRangeException.ThrowIfLessThan(schedule.StepEpochs, 1);
                for (int k = epoch / schedule.StepEpochs; k > 0; k--) lr *= schedule.Gamma;
                return lr;
            case ScheduleKind.Cosine:
                const double etaMin = 0;
                return etaMin + (lr - etaMin) * (1 + Math.Cos(Math.PI * epoch / epochs)) / 2;
            default:
                throw new ArgumentOutOfRangeException(nameof(spec), schedule.Kind, "unknown schedule");
        }
    }
}
