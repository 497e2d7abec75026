using System.Numerics;

namespace NeuroActors.Training;

/// <summary>
/// Stochastic gradient descent as PyTorch's <c>torch.optim.SGD</c> computes it on a CPU (single-tensor path, dampening 0,
/// not Nesterov), in the precision <typeparamref name="T"/>, bit for bit (OptimizerTorchTests). With g the mean gradient
/// (the sum divided by the batch size) and fma(a, b, c) = a·b + c rounded once, as PyTorch's AVX2 kernels compute
/// x.add(y, alpha=a) (see <see cref="Adam{T}"/>):
/// <code>
/// g = fma(p, wd, g)                                  (d_p.add(param, alpha=weight_decay), when wd ≠ 0)
/// buf = g at the first step, else buf·μ + g          (torch.clone(d_p); buf.mul_(momentum).add_(d_p, alpha=1)), when μ ≠ 0
/// p = fma(buf, −lr, p)                               (param.add_(d_p, alpha=−lr); d_p = buf with momentum, g without)
/// </code>
/// </summary>
public sealed class Sgd<T> : IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly double _momentum, _weightDecay;
    private ParameterSet<T>? _buffer;

    /// <summary>Creates SGD for parameters shaped as <paramref name="like"/>; a momentum buffer only when μ ≠ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter outside PyTorch's valid range.</exception>
    public Sgd(ParameterSet<T> like, double momentum = 0, double weightDecay = 0)
    {
        if (!(momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be ≥ 0");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be ≥ 0");
        _momentum = momentum; _weightDecay = weightDecay;
        _buffer = momentum != 0 ? like.ZerosLike() : null;
    }

    /// <inheritdoc/>
    public long Steps { get; private set; }

    /// <summary>The momentum buffer, or nothing without momentum.</summary>
    public IReadOnlyList<ParameterSet<T>> State => _buffer is null ? [] : [_buffer];

    /// <inheritdoc/>
    public void Step(ParameterSet<T> parameters, ParameterSet<T> gradientSum, int batchSize, double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        OptimizerChecks.SameShapes(parameters, gradientSum, "gradient");
        if (_buffer is not null) OptimizerChecks.SameShapes(parameters, _buffer, "SGD momentum buffer");
        T batch = T.CreateChecked(batchSize);
        T wd = T.CreateChecked(_weightDecay);
        T mu = T.CreateChecked(_momentum);
        T negLr = T.CreateChecked(-learningRate);
        bool decay = _weightDecay != 0, first = Steps == 0;
        for (int k = 0; k < parameters.Tensors.Count; k++)
        {
            var p = parameters.Tensors[k].Values;
            var gs = gradientSum.Tensors[k].Values;
            var buf = _buffer?.Tensors[k].Values;
            for (int i = 0; i < p.Length; i++)
            {
                T g = gs[i] / batch;
                if (decay) g = T.FusedMultiplyAdd(p[i], wd, g);
                if (buf is not null)
                {
                    buf[i] = first ? g : buf[i] * mu + g;
                    g = buf[i];
                }
                p[i] = T.FusedMultiplyAdd(g, negLr, p[i]);
            }
        }
        Steps++;
    }

    /// <inheritdoc/>
    public void Restore(IReadOnlyList<ParameterSet<T>> state, long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        int expected = _buffer is null ? 0 : 1;
        if (state.Count != expected)
            throw new ArgumentException($"this SGD's state has {expected} parameter set{(expected == 1 ? "" : "s")}, not {state.Count}", nameof(state));
        if (_buffer is not null)
        {
            OptimizerChecks.SameShapes(_buffer, state[0], "SGD momentum buffer");
            _buffer = state[0].Clone();
        }
        Steps = steps;
    }
}
