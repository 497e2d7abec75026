using System.Numerics;

namespace NeuroActors.Training;

/// <summary>A spiking layer's options resolved once for the engine's loops: flags, constants in the precision T, and
/// where its tensors are in the parameter order (−1 when absent).</summary>
internal sealed class LayerPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LayerPlan(LifLayerSpec spec, int inputs, IReadOnlyList<ParameterSlot> slots, int layer)
    {
        Size = spec.Size; Inputs = inputs;
        Bias = spec.Bias; Recurrent = spec.Recurrent; LearnBeta = spec.LearnBeta; LearnThreshold = spec.LearnThreshold;
        Reset = spec.Reset; PreviousStep = spec.Timing == ResetTiming.PreviousStep; DetachReset = spec.DetachReset;
        HasAlpha = spec.Alpha > 0; Alpha = T.CreateChecked(spec.Alpha);
        Beta = T.CreateChecked(spec.Beta); Threshold = T.CreateChecked(spec.Threshold);
        Adaptive = spec.Adaptation is not null;
        AdaptationGradient = spec.Adaptation is { Detach: false };
        ResetToAdaptive = spec.Adaptation is { ResetToAdaptive: true };
        Rho = T.CreateChecked(spec.Adaptation?.Rho ?? 0); Strength = T.CreateChecked(spec.Adaptation?.Strength ?? 0);
        CarryIsPotential = PreviousStep || Reset == ResetMode.None;
        Vectorizable = !Adaptive && PreviousStep && Reset is ResetMode.Subtract or ResetMode.Zero && Vector.IsHardwareAccelerated && Size >= Vector<T>.Count;
        int Find(ParameterRole role)
        {
            for (int k = 0; k < slots.Count; k++) if (slots[k].Layer == layer && slots[k].Role == role) return k;
            return -1;
        }
        WeightTensor = Find(ParameterRole.Weight); BiasTensor = Find(ParameterRole.Bias);
        RecurrentTensor = Find(ParameterRole.Recurrent); BetaTensor = Find(ParameterRole.Beta);
        ThresholdTensor = Find(ParameterRole.Threshold);
    }

    public int Size { get; }
    public int Inputs { get; }
    public bool Bias { get; }
    public bool Recurrent { get; }
    public bool LearnBeta { get; }
    public bool LearnThreshold { get; }
    public ResetMode Reset { get; }
    public bool PreviousStep { get; }
    public bool DetachReset { get; }
    public bool HasAlpha { get; }
    public T Alpha { get; }
    public T Beta { get; }
    public T Threshold { get; }
    /// <summary>ALIF: the threshold is θ + Strength·a.</summary>
    public bool Adaptive { get; }
    /// <summary>ALIF and gradients flow into a.</summary>
    public bool AdaptationGradient { get; }
    /// <summary>ALIF and the reset subtracts the adaptive threshold rather than θ.</summary>
    public bool ResetToAdaptive { get; }
    public T Rho { get; }
    public T Strength { get; }
    /// <summary>The potential carried to the next step is the one compared with the threshold (no same-step reset),
    /// so the carry buffer is the potential buffer.</summary>
    public bool CarryIsPotential { get; }
    /// <summary>A layer reset from the previous step's spike, by subtraction (snnTorch's default) or to zero, without
    /// adaptation: its neuron loops have <see cref="Vector{T}"/> forms, bitwise equal to the scalar ones.</summary>
    public bool Vectorizable { get; }
    public int WeightTensor { get; }
    public int BiasTensor { get; }
    public int RecurrentTensor { get; }
    public int BetaTensor { get; }
    public int ThresholdTensor { get; }
}

/// <summary>The readout's options resolved for the engine.</summary>
internal sealed class ReadoutPlan<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ReadoutPlan(ReadoutSpec spec, int inputs, IReadOnlyList<ParameterSlot> slots)
    {
        Size = spec.Size; Inputs = inputs; Bias = spec.Bias;
        HasAlpha = spec.Alpha > 0; Alpha = T.CreateChecked(spec.Alpha); Beta = T.CreateChecked(spec.Beta);
        WeightTensor = -1; BiasTensor = -1;
        for (int k = 0; k < slots.Count; k++)
        {
            if (slots[k].Role == ParameterRole.ReadoutWeight) WeightTensor = k;
            if (slots[k].Role == ParameterRole.ReadoutBias) BiasTensor = k;
        }
    }

    public int Size { get; }
    public int Inputs { get; }
    public bool Bias { get; }
    public bool HasAlpha { get; }
    public T Alpha { get; }
    public T Beta { get; }
    public int WeightTensor { get; }
    public int BiasTensor { get; }
}
