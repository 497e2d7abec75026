using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// Backpropagation through time of one sample: from the last step to the first, the readout, then the spiking layers
/// from the top down, each adding its parameters' gradients into the bound gradient (transposed for weight matrices).
/// </summary>
public sealed partial class GradientEngine<T>
{
    /// <summary>
    /// Scores, loss and prediction of the sample just run forward; sets the constant part of dJ/dS (the count loss on
    /// the output layer and the regularisers on every layer). Returns the loss without regularisers.
    /// </summary>
    private double SeedBackward(Workspace<T> ws, SampleSet data, int sample, out double regularizer, out int prediction)
    {
        int steps = data.Steps;
        var last = ws.Layers[^1];
        ReadOnlySpan<T> readout = ws.Readout is { } rb ? rb.U.AsSpan(0, steps * _classes) : default;
        Losses.Scores<T>(Spec.Loss.Kind, readout, last.S.AsSpan(0, steps * _classes * (Spec.Loss.OnSpikeCounts ? 1 : 0)),
            steps, ws.Scores, ws.ArgMaxStep);
        T loss = Losses.Compute<T>(Spec.Loss, ws.Scores, data.Labels[sample], steps, ws.ScoreGradient);
        prediction = Losses.ArgMax<T>(ws.Scores);
        T reg = T.Zero;
        foreach (var lb in ws.Layers) Array.Clear(lb.GSConst);
        if (Spec.Regularizer.Any)
            foreach (var lb in ws.Layers)
            {
                int n = lb.Plan.Size;
                Array.Clear(lb.Counts);
                for (int t = 0; t < steps; t++) SpanMath.Add<T>(lb.Counts, lb.S.AsSpan(t * n, n));
                reg += Regularizers.Compute<T>(Spec.Regularizer, lb.Counts, lb.GSConst);
            }
        if (Spec.Loss.OnSpikeCounts) SpanMath.Add<T>(last.GSConst, ws.ScoreGradient);
        regularizer = double.CreateChecked(reg);
        return double.CreateChecked(loss);
    }

    private void RunBackward(Workspace<T> ws, SampleSet data, int sample)
    {
        int steps = data.Steps;
        bool seeded = Spec.Regularizer.Any || Spec.Loss.OnSpikeCounts;
        foreach (var lb in ws.Layers)
        {
            Array.Clear(lb.GS); Array.Clear(lb.GSNext); Array.Clear(lb.GC); Array.Clear(lb.GIf);
            Array.Clear(lb.GA); Array.Clear(lb.GThR);
        }
        if (ws.Readout is { } rb0) { Array.Clear(rb0.GU); Array.Clear(rb0.GI); }
        for (int t = steps - 1; t >= 0; t--)
        {
            foreach (var lb in ws.Layers)
            {
                (lb.GS, lb.GSNext) = (lb.GSNext, lb.GS);
                Array.Clear(lb.GSNext);
                if (seeded) SpanMath.Add<T>(lb.GS, lb.GSConst);
            }
            if (ws.Readout is { } rb) ReadoutBackward(ws, rb, t, steps);
            for (int l = _layers.Length - 1; l >= 0; l--)
            {
                var plan = _layers[l]; var lb = ws.Layers[l];
                if (_vectorNeurons && plan.Vectorizable && _surrogate.Vectorizable) VectorNeuronBackward(plan, lb, t);
                else NeuronBackward(plan, lb, t);
                ReadOnlySpan<T> gh = lb.H;
                int n = plan.Size;
                if (plan.Bias) SpanMath.Add(lb.GB, gh);
                // dJ/dW[j, i] += dJ/dh[j]·x_i only for the inputs active at t: row i of the transposed gradient.
                if (l == 0)
                {
                    var units = data.UnitsAt(sample, t);
                    var values = data.ValuesAt(sample, t);
                    if (values.IsEmpty)
                        foreach (int u in units) SpanMath.Add(lb.GWt.AsSpan(u * n, n), gh);
                    else
                        for (int e = 0; e < units.Length; e++) SpanMath.AddScaled(lb.GWt.AsSpan(units[e] * n, n), gh, T.CreateChecked(values[e]));
                }
                else
                {
                    var below = ws.Layers[l - 1];
                    AddToRows(lb.GWt, below, t, gh);
                    BackProject(below.GS, lb.W, plan.Inputs, gh);
                }
                if (plan.Recurrent && t > 0)
                {
                    AddToRows(lb.GVt, lb, t - 1, gh);
                    BackProject(lb.GSNext, lb.V, n, gh);
                }
            }
        }
    }

    /// <summary>Adds <paramref name="gh"/> into row k of a transposed gradient for each neuron k of
    /// <paramref name="source"/> active at step t (times its value in the smooth variant).</summary>
    private void AddToRows(T[] transposedGradient, LayerBuffers<T> source, int t, ReadOnlySpan<T> gh)
    {
        int width = gh.Length, n = source.Plan.Size;
        var active = source.ActiveAt(t);
        if (!_smooth)
            foreach (int k in active) SpanMath.Add(transposedGradient.AsSpan(k * width, width), gh);
        else
            foreach (int k in active) SpanMath.AddScaled(transposedGradient.AsSpan(k * width, width), gh, source.S[t * n + k]);
    }

    /// <summary>dJ/dx[i] += Σ_j W[j, i]·dJ/dh[j], row by row of W [out, in], skipping the rows whose dJ/dh is zero.</summary>
    private static void BackProject(Span<T> target, T[] w, int inputs, ReadOnlySpan<T> gh)
    {
        for (int j = 0; j < gh.Length; j++)
            if (gh[j] != T.Zero) SpanMath.AddScaled(target, w.AsSpan(j * inputs, inputs), gh[j]);
    }

    /// <summary>The readout at step t: dJ/dU_r[t] = β_r·dJ/dU_r[t+1] + the loss's direct part; dJ/dI_r[t] =
    /// dJ/dU_r[t] + α_r·dJ/dI_r[t+1]; then the readout's weights and bias, and dJ/dS of the last layer.</summary>
    private void ReadoutBackward(Workspace<T> ws, ReadoutBuffers<T> rb, int t, int steps)
    {
        var plan = rb.Plan;
        int m = plan.Size;
        bool max = Spec.Loss.Kind == LossKind.CrossEntropyMaxMembrane;
        for (int c = 0; c < m; c++)
        {
            T direct = (max ? ws.ArgMaxStep[c] == t : t == steps - 1) ? ws.ScoreGradient[c] : T.Zero;
            rb.GU[c] = plan.Beta * rb.GU[c] + direct;
        }
        T[] gh = rb.GU;
        if (plan.HasAlpha)
        {
            for (int c = 0; c < m; c++) rb.GI[c] = rb.GU[c] + plan.Alpha * rb.GI[c];
            gh = rb.GI;
        }
        if (plan.Bias) SpanMath.Add<T>(rb.GB, gh);
        var last = ws.Layers[^1];
        AddToRows(rb.GWt, last, t, gh);
        BackProject(last.GS, rb.W, plan.Inputs, gh);
    }

    /// <summary>
    /// One step of a layer's neurons backwards: from dJ/dS[t] (complete when called), dJ/dC[t], dJ/da[t+1] and
    /// dJ/dθ_reset[t] to dJ/dh[t] (in H), dJ/dC[t−1], dJ/da[t], dJ/dS[t−1] (reset terms), dJ/dθ_reset[t−1], and the
    /// gradients of learned β and θ.
    /// </summary>
    private void NeuronBackward(LayerPlan<T> plan, LayerBuffers<T> lb, int t)
    {
        int n = plan.Size, o = t * n, op = o - n;
        T[] s = lb.S, p = lb.P, c = lb.C, thE = lb.ThE, beta = lb.Beta, theta = lb.Theta;
        T[] gS = lb.GS, gSPrev = lb.GSNext, gC = lb.GC, gIf = lb.GIf, gA = lb.GA, gThR = lb.GThR, gh = lb.H;
        bool attached = !plan.DetachReset;
        for (int j = 0; j < n; j++)
        {
            T u = p[o + j], spike = s[o + j];
            T threshold = plan.Adaptive ? thE[o + j] : theta[j];
            T dS = gS[j], dC = gC[j];
            T dU, dResetBy;
            // A same-step reset: C[t] = U[t] − S[t]·θ_r[t], or U[t]·(1 − S[t]).
            if (plan.CarryIsPotential) { dU = dC; dResetBy = plan.PreviousStep ? gThR[j] : T.Zero; }
            else if (plan.Reset == ResetMode.Subtract)
            {
                T resetBy = plan.ResetToAdaptive ? threshold : theta[j];
                dU = dC;
                if (attached) dS -= resetBy * dC;
                dResetBy = -(spike * dC);
            }
            else
            {
                dU = dC * (T.One - spike);
                if (attached) dS -= u * dC;
                dResetBy = T.Zero;
            }
            // a[t+1] = ρ·a[t] + S[t].
            T dA = T.Zero;
            if (plan.AdaptationGradient) { dS += gA[j]; dA = plan.Rho * gA[j]; }
            // S[t] = H(U[t] − θ_eff[t]), differentiated with the surrogate.
            T dX = dS * _surrogate.Derivative(u - threshold);
            dU += dX;
            T dThreshold = -dX, dTheta = T.Zero;
            if (plan.ResetToAdaptive) dThreshold += dResetBy; else dTheta += dResetBy;
            dTheta += dThreshold;
            if (plan.AdaptationGradient) gA[j] = dA + plan.Strength * dThreshold;
            if (plan.LearnThreshold) lb.GTheta[j] += dTheta;
            // U[t] from C[t−1], S[t−1] (previous-step reset) and I[t].
            if (t > 0)
            {
                T cPrev = c[op + j], dBeta;
                if (plan.PreviousStep && plan.Reset == ResetMode.Subtract)
                {
                    T resetBy = plan.ResetToAdaptive ? thE[op + j] : theta[j];
                    gC[j] = beta[j] * dU;
                    if (attached) gSPrev[j] -= resetBy * dU;
                    gThR[j] = -(s[op + j] * dU);
                    dBeta = cPrev * dU;
                }
                else if (plan.PreviousStep && plan.Reset == ResetMode.Zero)
                {
                    T keep = T.One - s[op + j];
                    gC[j] = beta[j] * keep * dU;
                    if (attached) gSPrev[j] -= beta[j] * cPrev * dU;
                    dBeta = cPrev * keep * dU;
                }
                else
                {
                    gC[j] = beta[j] * dU;
                    dBeta = cPrev * dU;
                }
                if (plan.LearnBeta) lb.GBeta[j] += dBeta;
            }
            // I[t] = α·I[t−1] + h[t].
            T dI = dU + gIf[j];
            if (plan.HasAlpha) gIf[j] = plan.Alpha * dI;
            gh[j] = dI;
        }
    }

    /// <summary><see cref="NeuronBackward"/> for a <see cref="LayerPlan{T}.Vectorizable"/> layer (U[t] = β·U[t−1] + I[t]
    /// − S[t−1]·θ, or β·U[t−1]·(1 − S[t−1]) + I[t] for the zero reset; no same-step reset, no adaptation), lane by lane
    /// with the scalar loop's operations.</summary>
    private void VectorNeuronBackward(LayerPlan<T> plan, LayerBuffers<T> lb, int t)
    {
        int n = plan.Size, o = t * n, op = o - n, w = Vector<T>.Count;
        bool attached = !plan.DetachReset, first = t == 0, zeroReset = plan.Reset == ResetMode.Zero;
        var alpha = new Vector<T>(plan.Alpha);
        int j = 0;
        for (; j <= n - w; j += w)
        {
            var theta = new Vector<T>(lb.Theta, j);
            var dX = new Vector<T>(lb.GS, j) * _surrogate.Derivative(new Vector<T>(lb.P, o + j) - theta);
            var dU = new Vector<T>(lb.GC, j) + dX;
            if (plan.LearnThreshold)
                (new Vector<T>(lb.GTheta, j) + ((Vector<T>.Zero + new Vector<T>(lb.GThR, j)) - dX)).CopyTo(lb.GTheta, j);
            if (!first && zeroReset)
            {
                // U[t] = β·C[t−1]·(1 − S[t−1]) + I[t]: no θ in the reset, so GThR stays zero as in the scalar loop.
                var beta = new Vector<T>(lb.Beta, j);
                var cPrev = new Vector<T>(lb.P, op + j);
                var keep = Vector<T>.One - new Vector<T>(lb.S, op + j);
                (beta * keep * dU).CopyTo(lb.GC, j);
                if (attached) (new Vector<T>(lb.GSNext, j) - beta * cPrev * dU).CopyTo(lb.GSNext, j);
                if (plan.LearnBeta) (new Vector<T>(lb.GBeta, j) + cPrev * keep * dU).CopyTo(lb.GBeta, j);
            }
            else if (!first)
            {
                (new Vector<T>(lb.Beta, j) * dU).CopyTo(lb.GC, j);
                if (attached) (new Vector<T>(lb.GSNext, j) - theta * dU).CopyTo(lb.GSNext, j);
                (Vector<T>.Zero - new Vector<T>(lb.S, op + j) * dU).CopyTo(lb.GThR, j);
                if (plan.LearnBeta) (new Vector<T>(lb.GBeta, j) + new Vector<T>(lb.P, op + j) * dU).CopyTo(lb.GBeta, j);
            }
            var dI = dU + new Vector<T>(lb.GIf, j);
            if (plan.HasAlpha) (alpha * dI).CopyTo(lb.GIf, j);
            dI.CopyTo(lb.H, j);
        }
        for (; j < n; j++)
        {
            T theta = lb.Theta[j];
            T dX = lb.GS[j] * _surrogate.Derivative(lb.P[o + j] - theta);
            T dU = lb.GC[j] + dX;
            if (plan.LearnThreshold) lb.GTheta[j] += (T.Zero + lb.GThR[j]) - dX;
            if (!first && zeroReset)
            {
                T keep = T.One - lb.S[op + j];
                lb.GC[j] = lb.Beta[j] * keep * dU;
                if (attached) lb.GSNext[j] -= lb.Beta[j] * lb.P[op + j] * dU;
                if (plan.LearnBeta) lb.GBeta[j] += lb.P[op + j] * keep * dU;
            }
            else if (!first)
            {
                lb.GC[j] = lb.Beta[j] * dU;
                if (attached) lb.GSNext[j] -= theta * dU;
                lb.GThR[j] = T.Zero - lb.S[op + j] * dU;
                if (plan.LearnBeta) lb.GBeta[j] += lb.P[op + j] * dU;
            }
            T dI = dU + lb.GIf[j];
            if (plan.HasAlpha) lb.GIf[j] = plan.Alpha * dI;
            lb.H[j] = dI;
        }
    }
}
