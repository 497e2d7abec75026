using System.Numerics;
using System.Runtime.CompilerServices;

namespace NeuroActors.Training;

/// <summary>
/// The surrogate derivative dS/dU of a <see cref="SurrogateSpec"/>, evaluated at x = U − θ_eff in the precision
/// <typeparamref name="T"/> (formulas of shared/reference/training.md and <see cref="SurrogateKind"/>).
/// </summary>
internal readonly struct Surrogate<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SurrogateKind _kind;
    private readonly T _scale, _amplitude, _halfScale, _halfPiScale, _invScale;

    public Surrogate(SurrogateSpec spec)
    {
        _kind = spec.Kind;
        _scale = T.CreateChecked(spec.Scale);
        _amplitude = T.CreateChecked(spec.Amplitude);
        _halfScale = T.CreateChecked(spec.Scale / 2);
        _halfPiScale = T.CreateChecked(Math.PI / 2 * spec.Scale);
        _invScale = T.One / _scale;
    }

    /// <summary>The derivative at <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Derivative(T x)
    {
        T ax = T.Abs(x);
        switch (_kind)
        {
            case SurrogateKind.FastSigmoid:
                {
                    // 1/(k·|x|+1)², SuperSpike (snnTorch's fast_sigmoid).
                    T v = _scale * ax + T.One;
                    return T.One / (v * v);
                }
            case SurrogateKind.Arctan:
                {
                    // (α/2)/(1+(π·α·x/2)²), snnTorch's atan.
                    T u = _halfPiScale * x;
                    return _halfScale / (T.One + u * u);
                }
            case SurrogateKind.Triangle:
                {
                    T v = T.One - ax * _invScale;
                    return v > T.Zero ? _amplitude * v : T.Zero;
                }
            case SurrogateKind.Sigmoid:
                {
                    // k·e^(−kx)/(1+e^(−kx))² is even in x: evaluating it at |x| keeps e^(…) ≤ 1 (no overflow to ∞/∞).
                    T e = T.Exp(-_scale * ax);
                    T d = T.One + e;
                    return _scale * e / (d * d);
                }
            default:
                return _amplitude * T.Exp(-_scale * ax);
        }
    }

    /// <summary>The smooth stand-in for H(x) whose exact derivative is the sigmoid surrogate: σ(k·x) = 1/(1+e^(−kx)).
    /// Used only by the engine's internal smooth mode (gradient checks by finite differences).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Smooth(T x) => T.One / (T.One + T.Exp(-_scale * x));
}
