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

    /// <summary>Whether <see cref="Derivative(Vector{T})"/> is available (the kinds that need no exponential).</summary>
    public bool Vectorizable => _kind is SurrogateKind.FastSigmoid or SurrogateKind.Arctan or SurrogateKind.Triangle;

    /// <summary>The derivative lane by lane, with the same operations as the scalar form (bitwise the same values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector<T> Derivative(Vector<T> x)
    {
        var one = Vector<T>.One;
        switch (_kind)
        {
            case SurrogateKind.FastSigmoid:
                {
                    var v = new Vector<T>(_scale) * Vector.Abs(x) + one;
                    return one / (v * v);
                }
            case SurrogateKind.Arctan:
                {
                    var u = new Vector<T>(_halfPiScale) * x;
                    return new Vector<T>(_halfScale) / (one + u * u);
                }
            default:
                {
                    var v = one - Vector.Abs(x) * new Vector<T>(_invScale);
                    return Vector.ConditionalSelect(Vector.GreaterThan(v, Vector<T>.Zero), new Vector<T>(_amplitude) * v, Vector<T>.Zero);
                }
        }
    }

    /// <summary>The smooth stand-in for H(x) whose exact derivative is the sigmoid surrogate: σ(k·x) = 1/(1+e^(−kx)).
    /// Used only by the engine's internal smooth mode (gradient checks by finite differences).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Smooth(T x) => T.One / (T.One + T.Exp(-_scale * x));
}
