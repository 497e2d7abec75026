using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// Adam as PyTorch's <c>torch.optim.Adam</c> computes it on a CPU (the single-tensor, non-fused, non-amsgrad path of
/// PyTorch 1.13, the version Debian ships), operation for operation in the precision <typeparamref name="T"/>, so that
/// the same gradients give bitwise the same parameters (checked against torch in OptimizerTorchTests). With g the mean
/// gradient (the sum divided by the batch size, in T) and fma(a, b, c) = a·b + c rounded once:
/// <code>
/// g = fma(p, wd, g)                     (grad.add(param, alpha=weight_decay), when wd ≠ 0)
/// m = fma(g, 1−β1, m·β1)                (exp_avg.mul_(beta1).add_(grad, alpha=1−beta1))
/// v = fma((1−β2)·g, g, v·β2)            (exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1−beta2))
/// bc1 = 1 − β1^t, bc2 = 1 − β2^t        (in double, as Python floats)
/// denom = sqrt(v) / sqrt(bc2) + ε       ((exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps))
/// p = p + ((−lr/bc1)·m) / denom         (param.addcdiv_(exp_avg, denom, value=−step_size))
/// </code>
/// PyTorch's CPU kernels for x.add(y, alpha=a) and addcmul are fused multiply-adds on machines with AVX2 (its
/// vectorised path, and GCC contracts the scalar one), hence the fma; on a machine without FMA PyTorch rounds twice
/// and the two agree to rounding only. The scalars (β1, 1−β1, lr/bc1, …) are computed in double and rounded to T once,
/// as PyTorch casts a Python float to the tensor's type.
/// </summary>
public sealed class Adam<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _beta1, _beta2, _epsilon, _weightDecay;
    private ParameterSet<T> _m, _v;

    /// <summary>Creates Adam with zero moments for parameters shaped as <paramref name="like"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter outside PyTorch's valid range.</exception>
    public Adam(ParameterSet<T> like, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
    {
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "β1 must be in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "β2 must be in [0, 1)");
        if (!(epsilon >= 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be ≥ 0");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be ≥ 0");
        _beta1 = beta1; _beta2 = beta2; _epsilon = epsilon; _weightDecay = weightDecay;
        _m = like.ZerosLike();
        _v = like.ZerosLike();
    }

    /// <inheritdoc/>
    public long Steps { get; private set; }

    /// <summary>The first moments m, then the second moments v.</summary>
    public IReadOnlyList<ParameterSet<T>> State => [_m, _v];

    /// <inheritdoc/>
    public void Step(ParameterSet<T> parameters, ParameterSet<T> gradientSum, int batchSize, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        OptimizerChecks.SameShapes(parameters, gradientSum, "gradient");
        OptimizerChecks.SameShapes(parameters, _m, "Adam state");
        Steps++;
        double bc1 = 1 - Math.Pow(_beta1, Steps);
        double bc2 = 1 - Math.Pow(_beta2, Steps);
        T batch = T.CreateChecked(batchSize);
        T wd = T.CreateChecked(_weightDecay);
        T beta1 = T.CreateChecked(_beta1), oneMinusBeta1 = T.CreateChecked(1 - _beta1);
        T beta2 = T.CreateChecked(_beta2), oneMinusBeta2 = T.CreateChecked(1 - _beta2);
        T bc2Sqrt = T.CreateChecked(Math.Sqrt(bc2));
        T eps = T.CreateChecked(_epsilon);
        T negStep = T.CreateChecked(-(learningRate / bc1));
        bool decay = _weightDecay != 0;
        for (int k = 0; k < parameters.Tensors.Count; k++)
        {
            var p = parameters.Tensors[k].Values;
            var gs = gradientSum.Tensors[k].Values;
            var m = _m.Tensors[k].Values;
            var v = _v.Tensors[k].Values;
            for (int i = 0; i < p.Length; i++)
            {
                T g = gs[i] / batch;
                if (decay) g = T.FusedMultiplyAdd(p[i], wd, g);
                m[i] = T.FusedMultiplyAdd(g, oneMinusBeta1, m[i] * beta1);
                v[i] = T.FusedMultiplyAdd(oneMinusBeta2 * g, g, v[i] * beta2);
                T denom = T.Sqrt(v[i]) / bc2Sqrt + eps;
                p[i] += negStep * m[i] / denom;
            }
        }
    }

    /// <inheritdoc/>
    public void Restore(IReadOnlyList<ParameterSet<T>> state, long steps)
    {
        if (state.Count != 2) throw new ArgumentException($"Adam's state has 2 parameter sets (m, v), not {state.Count}", nameof(state));
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        OptimizerChecks.SameShapes(_m, state[0], "Adam state m");
        OptimizerChecks.SameShapes(_v, state[1], "Adam state v");
        _m = state[0].Clone();
        _v = state[1].Clone();
        Steps = steps;
    }
}
