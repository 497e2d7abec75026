using System.Collections.Concurrent;
using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// The surrogate-gradient engine: the forward pass of docs/training.md ("The engine"), and backpropagation through time
/// over all steps with the surrogate derivative of <see cref="TrainingNetworkSpec.Surrogate"/> at x = U − θ_eff.
/// Forward currents are summed from the events that occurred (rows of transposed weight copies), weight gradients
/// Σ_t δ[t] ⊗ x[t] only over the steps where an input was active. Safe to call from several threads at once: each call
/// takes a workspace of its own from a pool (one per concurrent caller, kept for reuse).
/// </summary>
public sealed partial class GradientEngine<T> : IChunkComputer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IReadOnlyList<ParameterSlot> _slots;
    private readonly LayerPlan<T>[] _layers;
    private readonly ReadoutPlan<T>? _readout;
    private readonly Surrogate<T> _surrogate;
    private readonly bool _smooth;
    private readonly bool _vectorNeurons;
    private readonly int _classes;
    private readonly ConcurrentBag<Workspace<T>> _pool = [];

    /// <summary>An engine for <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">The spec's loss does not fit its readout, or a layer is empty.</exception>
    public GradientEngine(TrainingNetworkSpec spec) : this(spec, smoothSpikes: false) { }

    /// <summary>
    /// With <paramref name="smoothSpikes"/>, a test-only variant: spikes are σ(k·x) instead of H(x) (k the sigmoid
    /// surrogate's scale), every path that carries a spike carries this value, and the backward pass is the exact
    /// derivative. Finite differences of <see cref="Forward(ParameterSet{T}, SampleSet, int, ForwardRecord{T}?)"/> with
    /// the detached quantities frozen then check every gradient.
    /// </summary>
    internal GradientEngine(TrainingNetworkSpec spec, bool smoothSpikes) : this(spec, smoothSpikes, vectorNeurons: true) { }

    /// <summary>With <paramref name="vectorNeurons"/> false, the scalar neuron loops everywhere (tests compare the two).</summary>
    internal GradientEngine(TrainingNetworkSpec spec, bool smoothSpikes, bool vectorNeurons)
    {
        if (spec.Hidden.Count == 0) throw new ArgumentException("network.hidden is empty: the engine needs at least one spiking layer");
        for (int l = 0; l < spec.Hidden.Count; l++)
            if (spec.Hidden[l].Size <= 0) throw new ArgumentException($"network.hidden[{l}].size is {spec.Hidden[l].Size}: must be at least 1");
        if (spec.Loss.OnSpikeCounts && spec.Readout is not null)
            throw new ArgumentException($"network.loss {spec.Loss.Kind} is on spike counts: the network must have no readout");
        if (!spec.Loss.OnSpikeCounts && spec.Readout is null)
            throw new ArgumentException($"network.loss {spec.Loss.Kind} is on the readout's potential: the network needs a readout");
        if (smoothSpikes && spec.Surrogate.Kind != SurrogateKind.Sigmoid)
            throw new ArgumentException("smooth spikes need the sigmoid surrogate (their exact derivative)");
        Spec = spec;
        _slots = ParameterLayout.Of(spec);
        _layers = new LayerPlan<T>[spec.Hidden.Count];
        int inputs = spec.Inputs;
        for (int l = 0; l < _layers.Length; l++) { _layers[l] = new LayerPlan<T>(spec.Hidden[l], inputs, _slots, l); inputs = spec.Hidden[l].Size; }
        _readout = spec.Readout is null ? null : new ReadoutPlan<T>(spec.Readout, inputs, _slots);
        _surrogate = new Surrogate<T>(spec.Surrogate);
        _smooth = smoothSpikes;
        _vectorNeurons = vectorNeurons && !smoothSpikes;
        _classes = spec.Classes;
    }

    /// <summary>The network this engine computes.</summary>
    public TrainingNetworkSpec Spec { get; }

    /// <inheritdoc/>
    public ChunkStats Accumulate(ParameterSet<T> parameters, SampleSet data, ReadOnlySpan<int> samples, ParameterSet<T> gradient)
    {
        CheckData(data);
        ParameterLayout.Check(_slots, parameters, "parameters");
        ParameterLayout.Check(_slots, gradient, "gradient");
        var ws = Rent(data.Steps);
        try
        {
            Bind(ws, parameters);
            BindGradient(ws, gradient);
            double loss = 0; int correct = 0;
            var spikes = new long[_layers.Length];
            foreach (int s in samples)
            {
                RunForward(ws, data, s, null);
                double sampleLoss = SeedBackward(ws, data, s, out _, out int prediction);
                RunBackward(ws, data, s);
                loss += sampleLoss;
                if (prediction == data.Labels[s]) correct++;
                for (int l = 0; l < spikes.Length; l++) spikes[l] += ws.Layers[l].ActiveStart[data.Steps];
            }
            UnbindGradient(ws, gradient);
            return new ChunkStats(loss, correct, samples.Length, spikes);
        }
        finally { _pool.Add(ws); }
    }

    /// <inheritdoc/>
    public ChunkStats Evaluate(ParameterSet<T> parameters, SampleSet data, ReadOnlySpan<int> samples, Span<int> predictions)
    {
        CheckData(data);
        ParameterLayout.Check(_slots, parameters, "parameters");
        if (predictions.Length != samples.Length)
            throw new ArgumentException($"predictions has {predictions.Length} entries: must be one per sample ({samples.Length})", nameof(predictions));
        var ws = Rent(data.Steps);
        try
        {
            Bind(ws, parameters);
            double loss = 0; int correct = 0;
            var spikes = new long[_layers.Length];
            for (int i = 0; i < samples.Length; i++)
            {
                int s = samples[i];
                RunForward(ws, data, s, null);
                loss += SeedBackward(ws, data, s, out _, out int prediction);
                predictions[i] = prediction;
                if (prediction == data.Labels[s]) correct++;
                for (int l = 0; l < spikes.Length; l++) spikes[l] += ws.Layers[l].ActiveStart[data.Steps];
            }
            return new ChunkStats(loss, correct, samples.Length, spikes);
        }
        finally { _pool.Add(ws); }
    }

    /// <summary>The forward pass of one sample, with its loss, regulariser and scores.</summary>
    public ForwardRecord<T> Forward(ParameterSet<T> parameters, SampleSet data, int sample) => Forward(parameters, data, sample, null);

    /// <summary>
    /// As <see cref="Forward(ParameterSet{T}, SampleSet, int)"/>; with <paramref name="frozen"/>, the spikes that enter a
    /// detached reset or a detached adaptation are taken from that record rather than from this pass, so that finite
    /// differences see the detached terms as the constants the backward pass treats them as.
    /// </summary>
    internal ForwardRecord<T> Forward(ParameterSet<T> parameters, SampleSet data, int sample, ForwardRecord<T>? frozen)
    {
        CheckData(data);
        ParameterLayout.Check(_slots, parameters, "parameters");
        if ((uint)sample >= (uint)data.Count) throw new ArgumentOutOfRangeException(nameof(sample), $"sample {sample}: the set has {data.Count}");
        var ws = Rent(data.Steps);
        try
        {
            Bind(ws, parameters);
            RunForward(ws, data, sample, frozen);
            double loss = SeedBackward(ws, data, sample, out double regularizer, out int prediction);
            int steps = data.Steps;
            var spikes = ws.Layers.Select(l => l.S.AsSpan(0, steps * l.Plan.Size).ToArray()).ToArray();
            var membrane = ws.Layers.Select(l => l.P.AsSpan(0, steps * l.Plan.Size).ToArray()).ToArray();
            var readout = ws.Readout?.U.AsSpan(0, steps * _classes).ToArray();
            return new ForwardRecord<T>(steps, spikes, membrane, readout, (T[])ws.Scores.Clone(),
                loss, regularizer, data.Labels[sample], prediction);
        }
        finally { _pool.Add(ws); }
    }

    private void CheckData(SampleSet data)
    {
        if (data.Inputs != Spec.Inputs)
            throw new ArgumentException($"the samples have {data.Inputs} inputs: the network has {Spec.Inputs}");
        if (data.Classes != _classes)
            throw new ArgumentException($"the samples have {data.Classes} classes: the network has {_classes}");
    }

    private Workspace<T> Rent(int steps)
    {
        if (!_pool.TryTake(out var ws)) ws = new Workspace<T>(_layers, _readout, _classes, steps);
        ws.EnsureSteps(steps);
        return ws;
    }

    /// <summary>Transposed copies of the weights, and β and θ per neuron (learned or the spec's).</summary>
    private void Bind(Workspace<T> ws, ParameterSet<T> parameters)
    {
        var tensors = parameters.Tensors;
        for (int l = 0; l < _layers.Length; l++)
        {
            var plan = _layers[l]; var lb = ws.Layers[l];
            lb.W = tensors[plan.WeightTensor].Values;
            SpanMath.Transpose<T>(lb.W, plan.Size, plan.Inputs, lb.Wt);
            lb.B = plan.Bias ? tensors[plan.BiasTensor].Values : [];
            if (plan.Recurrent)
            {
                lb.V = tensors[plan.RecurrentTensor].Values;
                SpanMath.Transpose<T>(lb.V, plan.Size, plan.Size, lb.Vt);
            }
            if (plan.LearnBeta) tensors[plan.BetaTensor].Values.CopyTo(lb.Beta, 0); else Array.Fill(lb.Beta, plan.Beta);
            if (plan.LearnThreshold) tensors[plan.ThresholdTensor].Values.CopyTo(lb.Theta, 0); else Array.Fill(lb.Theta, plan.Threshold);
        }
        if (_readout is { } r)
        {
            var rb = ws.Readout!;
            rb.W = tensors[r.WeightTensor].Values;
            SpanMath.Transpose<T>(rb.W, r.Size, r.Inputs, rb.Wt);
            rb.B = r.Bias ? tensors[r.BiasTensor].Values : [];
        }
    }

    /// <summary>The gradient's weight matrices are summed in transposed copies (one contiguous row per active input);
    /// copying them there and back is exact, so a chunk gives bitwise what its samples one by one give.</summary>
    private void BindGradient(Workspace<T> ws, ParameterSet<T> gradient)
    {
        var tensors = gradient.Tensors;
        for (int l = 0; l < _layers.Length; l++)
        {
            var plan = _layers[l]; var lb = ws.Layers[l];
            SpanMath.Transpose<T>(tensors[plan.WeightTensor].Values, plan.Size, plan.Inputs, lb.GWt);
            if (plan.Recurrent) SpanMath.Transpose<T>(tensors[plan.RecurrentTensor].Values, plan.Size, plan.Size, lb.GVt);
            lb.GB = plan.Bias ? tensors[plan.BiasTensor].Values : [];
            lb.GBeta = plan.LearnBeta ? tensors[plan.BetaTensor].Values : [];
            lb.GTheta = plan.LearnThreshold ? tensors[plan.ThresholdTensor].Values : [];
        }
        if (_readout is { } r)
        {
            var rb = ws.Readout!;
            SpanMath.Transpose<T>(tensors[r.WeightTensor].Values, r.Size, r.Inputs, rb.GWt);
            rb.GB = r.Bias ? tensors[r.BiasTensor].Values : [];
        }
    }

    private void UnbindGradient(Workspace<T> ws, ParameterSet<T> gradient)
    {
        var tensors = gradient.Tensors;
        for (int l = 0; l < _layers.Length; l++)
        {
            var plan = _layers[l]; var lb = ws.Layers[l];
            SpanMath.Transpose<T>(lb.GWt, plan.Inputs, plan.Size, tensors[plan.WeightTensor].Values);
            if (plan.Recurrent) SpanMath.Transpose<T>(lb.GVt, plan.Size, plan.Size, tensors[plan.RecurrentTensor].Values);
        }
        if (_readout is { } r)
            SpanMath.Transpose<T>(ws.Readout!.GWt, r.Inputs, r.Size, tensors[r.WeightTensor].Values);
    }
}
