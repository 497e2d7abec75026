using System.Numerics;

namespace NeuroActors.Training;

/// <summary>Shape checks shared by the optimizers: a programming error, not a user's, so an exception.</summary>
internal static class OptimizerChecks
{
    public static void SameShapes<T>(ParameterSet<T> expected, ParameterSet<T> actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (expected.Tensors.Count != actual.Tensors.Count)
            throw new ArgumentException($"the {what} has {actual.Tensors.Count} tensors, the parameters {expected.Tensors.Count}");
        for (int k = 0; k < expected.Tensors.Count; k++)
        {
            var a = expected.Tensors[k]; var b = actual.Tensors[k];
            if (a.Name != b.Name || a.Length != b.Length)
                throw new ArgumentException($"tensor {k} of the {what} is {b.Name} ({b.Length} values), of the parameters {a.Name} ({a.Length})");
        }
    }
}
