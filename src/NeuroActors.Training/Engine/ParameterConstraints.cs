using System.Numerics;

namespace NeuroActors.Training;

/// <summary>Keeps learned parameters in their valid ranges; the coordinator applies it after each optimizer step.</summary>
public static class ParameterConstraints
{
    /// <summary>Clips every learned β (<c>layer{i}.beta</c>) to [0, 1] and every learned θ (<c>layer{i}.threshold</c>)
    /// to ≥ 0, as snnTorch clamps β in its forward pass; other tensors are left as they are.</summary>
    public static void Apply<T>(TrainingNetworkSpec spec, ParameterSet<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int l = 0; l < spec.Hidden.Count; l++)
        {
            if (spec.Hidden[l].LearnBeta)
                foreach (ref var b in parameters[$"layer{l + 1}.beta"].Values.AsSpan())
                    b = T.Clamp(b, T.Zero, T.One);
            if (spec.Hidden[l].LearnThreshold)
                foreach (ref var th in parameters[$"layer{l + 1}.threshold"].Values.AsSpan())
                    if (th < T.Zero) th = T.Zero;
        }
    }
}
