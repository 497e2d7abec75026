namespace NeuroActors.Training;

/// <summary>The smooth stand-in for dS/dU used in the backward pass (the forward pass is always H(x), x = U − θ).</summary>
public enum SurrogateKind
{
    /// <summary>SuperSpike's fast sigmoid: 1/(k·|x|+1)²; k = <see cref="SurrogateSpec.Scale"/> (snnTorch 25).</summary>
    FastSigmoid,
    /// <summary>(α/2)/(1+(π·α·x/2)²); α = <see cref="SurrogateSpec.Scale"/> (snnTorch 2).</summary>
    Arctan,
    /// <summary>γ·max(0, 1−|x|/β); β = <see cref="SurrogateSpec.Scale"/>, γ = <see cref="SurrogateSpec.Amplitude"/> (Norse 1, 0.3).</summary>
    Triangle,
    /// <summary>k·e^(−kx)/(1+e^(−kx))²; k = <see cref="SurrogateSpec.Scale"/> (snnTorch 25).</summary>
    Sigmoid,
    /// <summary>γ·exp(−β·|x|); β = <see cref="SurrogateSpec.Scale"/>, γ = <see cref="SurrogateSpec.Amplitude"/>.</summary>
    Exponential,
}

/// <summary>A surrogate derivative and its scale (shared/reference/training.md, "Surrogate derivatives").</summary>
/// <param name="Kind">The shape.</param>
/// <param name="Scale">k for the sigmoids, α for arctan, β (width or rate) for triangle and exponential.</param>
/// <param name="Amplitude">γ for triangle and exponential; unused by the others.</param>
public sealed record SurrogateSpec(SurrogateKind Kind, double Scale, double Amplitude = 1.0);
