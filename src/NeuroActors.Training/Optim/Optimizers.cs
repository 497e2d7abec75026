using System.Numerics;

namespace NeuroActors.Training;

/// <summary>Makes the optimizer a config names.</summary>
public static class Optimizers
{
    /// <summary>A new optimizer of <paramref name="spec"/>'s kind and hyper-parameters, with zero state shaped as <paramref name="like"/>.</summary>
    public static IOptimizer<T> Create<T>(OptimizerSpec spec, ParameterSet<T> like) where T : unmanaged, IFloatingPointIeee754<T> =>
        spec.Kind switch
        {
            OptimizerKind.Adam => new Adam<T>(like, spec.Beta1, spec.Beta2, spec.Epsilon, spec.WeightDecay),
            OptimizerKind.Sgd => new Sgd<T>(like, spec.Momentum, spec.WeightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Kind, "unknown optimizer"),
        };
}
