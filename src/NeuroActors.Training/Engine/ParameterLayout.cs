namespace NeuroActors.Training;

/// <summary>What a parameter tensor is to the engine.</summary>
internal enum ParameterRole { Weight, Bias, Recurrent, Beta, Threshold, ReadoutWeight, ReadoutBias }

/// <summary>One tensor of a network's parameter order: its name, shape, role, the spiking layer it belongs to (−1 for
/// the readout) and its fan-in (for PyTorch's uniform ±1/√fan_in).</summary>
internal sealed record ParameterSlot(string Name, int[] Shape, ParameterRole Role, int Layer, int FanIn)
{
    public int Length { get; } = Shape.Aggregate(1, (a, b) => a * b);
}

/// <summary>
/// The fixed order and names of a network's parameter tensors (see <see cref="ParameterSet{T}"/>), derived from its
/// spec in one place so that initialisation, the engine and the gradient export agree.
/// </summary>
internal static class ParameterLayout
{
    public static IReadOnlyList<ParameterSlot> Of(TrainingNetworkSpec spec)
    {
        var slots = new List<ParameterSlot>();
        int inputs = spec.Inputs;
        for (int l = 0; l < spec.Hidden.Count; l++)
        {
            var layer = spec.Hidden[l];
            string p = $"layer{l + 1}.";
            slots.Add(new(p + "weight", [layer.Size, inputs], ParameterRole.Weight, l, inputs));
            if (layer.Bias) slots.Add(new(p + "bias", [layer.Size], ParameterRole.Bias, l, inputs));
            if (layer.Recurrent) slots.Add(new(p + "recurrent", [layer.Size, layer.Size], ParameterRole.Recurrent, l, layer.Size));
            if (layer.LearnBeta) slots.Add(new(p + "beta", [layer.Size], ParameterRole.Beta, l, 0));
            if (layer.LearnThreshold) slots.Add(new(p + "threshold", [layer.Size], ParameterRole.Threshold, l, 0));
            inputs = layer.Size;
        }
        if (spec.Readout is { } r)
        {
            slots.Add(new("readout.weight", [r.Size, inputs], ParameterRole.ReadoutWeight, -1, inputs));
            if (r.Bias) slots.Add(new("readout.bias", [r.Size], ParameterRole.ReadoutBias, -1, inputs));
        }
        return slots;
    }

    /// <summary>Checks that <paramref name="set"/> has exactly the tensors of <paramref name="slots"/>, in order.</summary>
    public static void Check<T>(IReadOnlyList<ParameterSlot> slots, ParameterSet<T> set, string what)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (set.Tensors.Count != slots.Count)
            throw new ArgumentException(
                $"{what} has {set.Tensors.Count} tensors: the network has {slots.Count} ({string.Join(", ", slots.Select(s => s.Name))})");
        for (int i = 0; i < slots.Count; i++)
        {
            var t = set.Tensors[i];
            if (t.Name != slots[i].Name || t.Values.Length != slots[i].Length)
                throw new ArgumentException(
                    $"{what} tensor {i} is {t.Name} with {t.Values.Length} values: expected {slots[i].Name} of shape [{string.Join(", ", slots[i].Shape)}]");
        }
    }
}
