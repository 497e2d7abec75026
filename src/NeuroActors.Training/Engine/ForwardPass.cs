using System.Numerics;

namespace NeuroActors.Training;

/// <summary>The forward pass of one sample (docs/training.md, "The engine"): for each step, each spiking layer from the
/// input up, then the readout.</summary>
public sealed partial class GradientEngine<T>
{
    private void RunForward(Workspace<T> ws, SampleSet data, int sample, ForwardRecord<T>? frozen)
    {
        int steps = data.Steps;
        for (int l = 0; l < _layers.Length; l++)
        {
            var lb = ws.Layers[l];
            Array.Clear(lb.I); Array.Clear(lb.A);
            lb.ActiveStart[0] = 0;
        }
        if (ws.Readout is { } rb0) Array.Clear(rb0.I);
        for (int t = 0; t < steps; t++)
        {
            for (int l = 0; l < _layers.Length; l++)
            {
                var plan = _layers[l]; var lb = ws.Layers[l];
                Span<T> h = lb.H;
                h.Clear();
                // h[j] = +0, the active inputs in increasing order, the layer's own spikes of t − 1, the bias.
                if (l == 0)
                {
                    var units = data.UnitsAt(sample, t);
                    var values = data.ValuesAt(sample, t);
                    int n = plan.Size;
                    if (values.IsEmpty)
                        foreach (int u in units) SpanMath.Add(h, lb.Wt.AsSpan(u * n, n));
                    else
                        for (int e = 0; e < units.Length; e++) SpanMath.AddScaled(h, lb.Wt.AsSpan(units[e] * n, n), T.CreateChecked(values[e]));
                }
                else AddRows(h, ws.Layers[l - 1], t, lb.Wt);
                if (plan.Recurrent && t > 0) AddRows(h, lb, t - 1, lb.Vt);
                if (plan.Bias) SpanMath.Add(h, lb.B);
                Span<T> current = h;
                if (plan.HasAlpha) { SpanMath.DecayAdd(lb.I, plan.Alpha, h); current = lb.I; }
                T[] resetSpikes = frozen is not null && plan.DetachReset ? frozen.Spikes[l] : lb.S;
                T[] adaptSpikes = frozen is not null && plan.Adaptive && !plan.AdaptationGradient ? frozen.Spikes[l] : lb.S;
                if (_vectorNeurons && plan.Vectorizable) VectorNeuronStep(plan, lb, t, current);
                else NeuronStep(plan, lb, t, current, resetSpikes, adaptSpikes);
            }
            if (ws.Readout is { } rb) ReadoutStep(rb, ws.Layers[^1], t);
        }
    }

    /// <summary>Adds, for each neuron k of <paramref name="source"/> active at step <paramref name="t"/> in increasing k,
    /// row k of the transposed matrix (times the spike's value in the smooth variant).</summary>
    private void AddRows(Span<T> h, LayerBuffers<T> source, int t, T[] transposed)
    {
        int width = h.Length, n = source.Plan.Size;
        var active = source.ActiveAt(t);
        if (!_smooth)
            foreach (int k in active) SpanMath.Add(h, transposed.AsSpan(k * width, width));
        else
            foreach (int k in active) SpanMath.AddScaled(h, transposed.AsSpan(k * width, width), source.S[t * n + k]);
    }

    /// <summary>One step of a layer's neurons from their input current: potential, spike, reset, adaptation.</summary>
    private void NeuronStep(LayerPlan<T> plan, LayerBuffers<T> lb, int t, ReadOnlySpan<T> current, T[] resetSpikes, T[] adaptSpikes)
    {
        int n = plan.Size, o = t * n, op = o - n;
        T[] s = lb.S, p = lb.P, c = lb.C, thE = lb.ThE, a = lb.A, beta = lb.Beta, theta = lb.Theta;
        int[] active = lb.Active;
        int pos = lb.ActiveStart[t];
        for (int j = 0; j < n; j++)
        {
            T threshold = plan.Adaptive ? theta[j] + plan.Strength * a[j] : theta[j];
            T u;
            if (t == 0) u = beta[j] * T.Zero + current[j];
            else if (plan.PreviousStep && plan.Reset == ResetMode.Subtract)
            {
                T resetBy = plan.ResetToAdaptive ? thE[op + j] : theta[j];
                u = beta[j] * c[op + j] + current[j] - resetSpikes[op + j] * resetBy;
            }
            else if (plan.PreviousStep && plan.Reset == ResetMode.Zero)
                u = beta[j] * c[op + j] * (T.One - resetSpikes[op + j]) + current[j];
            else u = beta[j] * c[op + j] + current[j];

            T x = u - threshold;
            T spike = _smooth ? _surrogate.Smooth(x) : x > T.Zero ? T.One : T.Zero;
            p[o + j] = u;
            s[o + j] = spike;
            if (plan.Adaptive) thE[o + j] = threshold;
            if (!plan.CarryIsPotential)
            {
                T sr = resetSpikes[o + j];
                c[o + j] = plan.Reset == ResetMode.Subtract
                    ? u - sr * (plan.ResetToAdaptive ? threshold : theta[j])
                    : u * (T.One - sr);
            }
            if (plan.Adaptive) a[j] = plan.Rho * a[j] + adaptSpikes[o + j];
            if (spike != T.Zero) active[pos++] = j;
        }
        lb.ActiveStart[t + 1] = pos;
    }

    /// <summary><see cref="NeuronStep"/> for a <see cref="LayerPlan{T}.Vectorizable"/> layer: U[t] = β·U[t−1] + I[t] −
    /// S[t−1]·θ (or β·U[t−1]·(1 − S[t−1]) + I[t] for the zero reset), S[t] = H(U[t] − θ), lane by lane with the scalar
    /// loop's operations.</summary>
    private static void VectorNeuronStep(LayerPlan<T> plan, LayerBuffers<T> lb, int t, ReadOnlySpan<T> current)
    {
        int n = plan.Size, o = t * n, w = Vector<T>.Count;
        var beta = lb.Beta.AsSpan(0, n); var theta = lb.Theta.AsSpan(0, n);
        var u = lb.P.AsSpan(o, n); var s = lb.S.AsSpan(o, n);
        var one = Vector<T>.One; var zero = Vector<T>.Zero;
        int j = 0;
        if (t == 0)
            for (; j <= n - w; j += w)
            {
                var v = new Vector<T>(beta[j..]) * zero + new Vector<T>(current[j..]);
                v.CopyTo(u[j..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v - new Vector<T>(theta[j..]), zero), one, zero).CopyTo(s[j..]);
            }
        else
        {
            var up = lb.P.AsSpan(o - n, n); var sp = lb.S.AsSpan(o - n, n);
            bool zeroReset = plan.Reset == ResetMode.Zero;
            for (; j <= n - w; j += w)
            {
                var th = new Vector<T>(theta[j..]);
                var v = zeroReset
                    ? new Vector<T>(beta[j..]) * new Vector<T>(up[j..]) * (one - new Vector<T>(sp[j..])) + new Vector<T>(current[j..])
                    : new Vector<T>(beta[j..]) * new Vector<T>(up[j..]) + new Vector<T>(current[j..]) - new Vector<T>(sp[j..]) * th;
                v.CopyTo(u[j..]);
                Vector.ConditionalSelect(Vector.GreaterThan(v - th, zero), one, zero).CopyTo(s[j..]);
            }
        }
        for (; j < n; j++)
        {
            T v = t == 0 ? beta[j] * T.Zero + current[j]
                : plan.Reset == ResetMode.Zero ? beta[j] * lb.P[o - n + j] * (T.One - lb.S[o - n + j]) + current[j]
                : beta[j] * lb.P[o - n + j] + current[j] - lb.S[o - n + j] * theta[j];
            u[j] = v;
            s[j] = v - theta[j] > T.Zero ? T.One : T.Zero;
        }
        int pos = lb.ActiveStart[t];
        int[] active = lb.Active;
        for (j = 0; j < n; j++) if (s[j] != T.Zero) active[pos++] = j;
        lb.ActiveStart[t + 1] = pos;
    }

    /// <summary>The readout at step t: I_r = α_r·I_r + (Σ_k W_r[·, k] over the last layer's spikes + b_r), U_r = β_r·U_r + I_r.</summary>
    private void ReadoutStep(ReadoutBuffers<T> rb, LayerBuffers<T> last, int t)
    {
        var plan = rb.Plan;
        int m = plan.Size;
        Span<T> h = rb.H;
        h.Clear();
        AddRows(h, last, t, rb.Wt);
        if (plan.Bias) SpanMath.Add(h, rb.B);
        ReadOnlySpan<T> current = h;
        if (plan.HasAlpha) { SpanMath.DecayAdd(rb.I, plan.Alpha, h); current = rb.I; }
        var u = rb.U.AsSpan(t * m, m);
        if (t == 0) for (int c = 0; c < m; c++) u[c] = plan.Beta * T.Zero + current[c];
        else
        {
            var prev = rb.U.AsSpan((t - 1) * m, m);
            for (int c = 0; c < m; c++) u[c] = plan.Beta * prev[c] + current[c];
        }
    }
}
