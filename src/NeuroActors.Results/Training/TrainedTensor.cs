using System.Numerics;

namespace NeuroActors.Results.Training;

/// <summary>One trained parameter tensor to save: its name (e.g. <c>layer1.weight</c>), shape and values flat in row-major order.</summary>
/// <typeparam name="T">float or double: the engine's precision.</typeparam>
/// <param name="Name">File-safe name: letters, digits, '.', '_' and '-', not starting with '.'.</param>
/// <param name="Shape">Dimensions, outermost first (PyTorch's layout: a weight is [out, in]).</param>
/// <param name="Values">The values, row-major; as many as the product of <paramref name="Shape"/>.</param>
public sealed record TrainedTensor<T>(string Name, int[] Shape, T[] Values) where T : unmanaged, IFloatingPointIeee754<T>;
