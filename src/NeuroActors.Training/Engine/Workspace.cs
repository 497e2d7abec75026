using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// One thread's scratch for the engine: the parameters and gradients bound for a call (transposed copies of the weight
/// matrices, so that an input event adds one contiguous row), and one sample's forward trajectory and backward state.
/// Sized at construction for a number of steps and grown when a chunk has more; nothing is allocated per sample or step.
/// </summary>
internal sealed class Workspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public Workspace(IReadOnlyList<LayerPlan<T>> layers, ReadoutPlan<T>? readout, int classes, int steps)
    {
        Layers = layers.Select(p => new LayerBuffers<T>(p)).ToArray();
        Readout = readout is null ? null : new ReadoutBuffers<T>(readout);
        Scores = new T[classes]; ScoreGradient = new T[classes]; ArgMaxStep = new int[classes];
        EnsureSteps(steps);
    }

    public LayerBuffers<T>[] Layers { get; }
    public ReadoutBuffers<T>? Readout { get; }
    public T[] Scores { get; }
    public T[] ScoreGradient { get; }
    public int[] ArgMaxStep { get; }
    public int Steps { get; private set; }

    /// <summary>Grows the trajectory buffers to hold <paramref name="steps"/> steps.</summary>
    public void EnsureSteps(int steps)
    {
        if (steps <= Steps) return;
        foreach (var l in Layers) l.Allocate(steps);
        Readout?.Allocate(steps);
        Steps = steps;
    }
}

/// <summary>A spiking layer's buffers in a <see cref="Workspace{T}"/>.</summary>
internal sealed class LayerBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public LayerBuffers(LayerPlan<T> plan)
    {
        int n = plan.Size;
        Wt = new T[plan.Inputs * n]; GWt = new T[plan.Inputs * n];
        Vt = new T[plan.Recurrent ? n * n : 0]; GVt = new T[plan.Recurrent ? n * n : 0];
        Beta = new T[n]; Theta = new T[n];
        I = new T[n]; A = new T[n]; H = new T[n]; Counts = new T[n];
        GS = new T[n]; GSNext = new T[n]; GSConst = new T[n]; GC = new T[n]; GIf = new T[n]; GA = new T[n]; GThR = new T[n];
        Plan = plan;
    }

    public LayerPlan<T> Plan { get; }

    // Bound per call: transposed weights [in, out] and recurrent [k, j]; β and θ per neuron; the caller's arrays.
    public readonly T[] Wt, Vt, Beta, Theta;
    public T[] W = [], V = [], B = [];
    // Bound per Accumulate: transposed gradient copies, and the caller's gradient arrays for bias, β, θ.
    public readonly T[] GWt, GVt;
    public T[] GB = [], GBeta = [], GTheta = [];

    // One sample's trajectory, [steps × size]: spikes, the potential compared with the threshold, the potential carried
    // to the next step (the same array when there is no same-step reset), the effective threshold (ALIF); the indices of
    // the neurons that spiked at step t are Active[ActiveStart[t] .. ActiveStart[t + 1]].
    public T[] S = [], P = [], C = [], ThE = [];
    public int[] Active = [], ActiveStart = [];

    // Running state of the forward pass and the summed input of a step (reused as dJ/dh in the backward pass).
    public readonly T[] I, A, H, Counts;

    // Backward: dJ/dS at the step being processed and at the one before, the constant part (count loss and
    // regularisers), dJ/dC carried back, α·dJ/dI[t+1], dJ/da[t+1], and dJ/dθ_reset[t] from a previous-step reset.
    public T[] GS, GSNext;
    public readonly T[] GSConst, GC, GIf, GA, GThR;

    public void Allocate(int steps)
    {
        int n = Plan.Size;
        S = new T[steps * n]; P = new T[steps * n];
        C = Plan.CarryIsPotential ? P : new T[steps * n];
        ThE = Plan.Adaptive ? new T[steps * n] : [];
        Active = new int[steps * n]; ActiveStart = new int[steps + 1];
    }

    /// <summary>The neurons that spiked at step <paramref name="t"/>.</summary>
    public ReadOnlySpan<int> ActiveAt(int t) => Active.AsSpan(ActiveStart[t], ActiveStart[t + 1] - ActiveStart[t]);
}

/// <summary>The readout's buffers in a <see cref="Workspace{T}"/>.</summary>
internal sealed class ReadoutBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ReadoutBuffers(ReadoutPlan<T> plan)
    {
        Plan = plan;
        Wt = new T[plan.Inputs * plan.Size]; GWt = new T[plan.Inputs * plan.Size];
        I = new T[plan.Size]; H = new T[plan.Size]; GU = new T[plan.Size]; GI = new T[plan.Size];
    }

    public ReadoutPlan<T> Plan { get; }
    public readonly T[] Wt, GWt;
    public T[] W = [], B = [], GB = [];
    /// <summary>Potentials [steps × classes].</summary>
    public T[] U = [];
    public readonly T[] I, H, GU, GI;

    public void Allocate(int steps) => U = new T[steps * Plan.Size];
}
