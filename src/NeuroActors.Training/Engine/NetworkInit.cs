using System.Numerics;
using NeuroActors.Kernel.Random;

namespace NeuroActors.Training;

/// <summary>The initial parameters of a network.</summary>
public static class NetworkInit
{
    /// <summary>
    /// Creates the parameters of <paramref name="spec"/> in the documented order (<see cref="ParameterSet{T}"/>).
    /// Weights (<c>layer{i}.weight</c>, <c>layer{i}.recurrent</c>, <c>readout.weight</c>) are PyTorch's <c>nn.Linear</c>
    /// default, uniform in ±1/√fan_in, times the layer's <see cref="WeightInit.Gain"/> (fan_in = the layer's inputs; its
    /// own size for the recurrent matrix); biases uniform in ±1/√fan_in without gain; learnable β and θ start at the
    /// spec's value for every neuron. Tensor k (its index in the order) draws its values in row-major order from
    /// <c>RandomStream(seed, TrainingStreams.Init(k), 0)</c>, each as lo + (hi − lo)·u with u uniform in [0, 1) in double,
    /// then rounded to <typeparamref name="T"/>. A weight with <see cref="WeightInit.File"/> (feed-forward and readout
    /// weights; the recurrent matrix is always drawn) is read through <paramref name="readFile"/>, shape [out, in].
    /// </summary>
    /// <param name="spec">The network.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="readFile">Reads a matrix file (path as in the spec) into its shape and row-major values.</param>
    /// <exception cref="InvalidDataException">A weight file has the wrong shape, or a file is named without a reader.</exception>
    public static ParameterSet<T> Create<T>(TrainingNetworkSpec spec, ulong seed,
        Func<string, (int[] Shape, double[] Values)>? readFile = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var slots = ParameterLayout.Of(spec);
        var tensors = new ParameterTensor<T>[slots.Count];
        for (int k = 0; k < slots.Count; k++)
        {
            var slot = slots[k];
            var values = new T[slot.Length];
            switch (slot.Role)
            {
                case ParameterRole.Beta:
                    Array.Fill(values, T.CreateChecked(spec.Hidden[slot.Layer].Beta));
                    break;
                case ParameterRole.Threshold:
                    Array.Fill(values, T.CreateChecked(spec.Hidden[slot.Layer].Threshold));
                    break;
                default:
                    var init = slot.Role switch
                    {
                        ParameterRole.Weight or ParameterRole.Recurrent => spec.Hidden[slot.Layer].Init,
                        ParameterRole.ReadoutWeight => spec.Readout!.Init,
                        _ => null,
                    };
                    if (init?.File is { } file && slot.Role != ParameterRole.Recurrent)
                        ReadWeights(slot, file, readFile, values);
                    else
                        Draw(slot, init?.Gain ?? 1.0, new RandomStream(seed, TrainingStreams.Init(k), 0), values);
                    break;
            }
            tensors[k] = new ParameterTensor<T>(slot.Name, (int[])slot.Shape.Clone(), values);
        }
        return new ParameterSet<T>(tensors);
    }

    private static void Draw<T>(ParameterSlot slot, double gain, RandomStream stream, T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double bound = 1.0 / Math.Sqrt(slot.FanIn) * gain;
        double lo = -bound, hi = bound;
        for (int i = 0; i < values.Length; i++)
            values[i] = T.CreateChecked(lo + (hi - lo) * stream.NextDouble());
    }

    private static void ReadWeights<T>(ParameterSlot slot, string file,
        Func<string, (int[] Shape, double[] Values)>? readFile, T[] values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (readFile is null)
            throw new InvalidDataException($"{slot.Name}: init file {file} is named but no file reader was given");
        var (shape, data) = readFile(file);
        if (!shape.AsSpan().SequenceEqual(slot.Shape) || data.Length != values.Length)
            throw new InvalidDataException(
                $"{slot.Name}: {file} has shape [{string.Join(", ", shape)}]; expected [{string.Join(", ", slot.Shape)}] (out, in)");
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked(data[i]);
    }
}
