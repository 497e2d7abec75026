using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// One plastic projection's rule with its parameters, as the delivery loop uses them: the weight update of one
/// presynaptic spike, written as NEST's <c>send</c> of the synapse of the same name, in steps instead of ms. Each
/// pairing scheme is a struct (<see cref="IPairing"/>), so that a delivery loop made for one scheme
/// (<see cref="PlasticSynapses.Deliver"/> when all plastic projections share it) compiles to that scheme alone.
/// </summary>
internal sealed class StdpRule
{
    internal readonly double Lambda, Alpha, MuPlus, MuMinus, WMax, InverseWMax, Mu;
    internal readonly DecayTable Plus;
    internal readonly double AlphaLambda; // alpha · lambda, the product the depression starts with
    // All ones where an exponent is 1, for TabulatedMath.Power.
    internal readonly Vector128<double> MuPlusIsOne, MuMinusIsOne, MuIsOne;

    public StdpRule(PlasticitySpec spec, double dtMs)
    {
        Rule = spec.Rule;
        Plus = new DecayTable(dtMs / spec.TauPlusMs);
        (Lambda, Alpha, MuPlus, MuMinus, WMax, Mu) = (spec.Lambda, spec.Alpha, spec.MuPlus, spec.MuMinus, spec.WMax, spec.Mu);
        InverseWMax = 1 / spec.WMax;
        AlphaLambda = Alpha * Lambda;
        (MuPlusIsOne, MuMinusIsOne, MuIsOne) = (IsOne(MuPlus), IsOne(MuMinus), IsOne(Mu));
        SimplePowers = Rule == PlasticityRule.StdpPlSynapseHom ? IsSimple(Mu) : IsSimple(MuPlus) && IsSimple(MuMinus);
    }

    private static bool IsSimple(double mu) => mu is 0 or 1;

    private static Vector128<double> IsOne(double mu) => Vector128.Create(mu == 1 ? -1L : 0L).AsDouble();

    /// <summary>
    /// Whether every exponent of the weight dependence is 0 or 1 (additive and multiplicative rules), so that
    /// <see cref="TabulatedMath"/> can compute the update.
    /// </summary>
    public bool SimplePowers { get; }

    /// <summary>The pairing scheme and weight dependence.</summary>
    public PlasticityRule Rule { get; }

    /// <summary>e^(−elapsed·dt/τ⁺): how much the presynaptic trace decays over <paramref name="elapsed"/> steps.</summary>
    public double TraceDecay(long elapsed) => Plus.Of(elapsed);

    /// <summary>
    /// The update of one synapse by a presynaptic spike whose previous one was at <paramref name="last"/> (-1 before the
    /// first: NEST's time 0), with dendritic delay <paramref name="delay"/>, given what its target offers
    /// (<paramref name="p"/>): potentiation by the postsynaptic spikes in (last − d, spike − d], then depression by the
    /// trace at spike − d. Weight and presynaptic trace are updated in place; <paramref name="decay"/> is
    /// <see cref="TraceDecay"/> of spike − last.
    /// </summary>
    public void Update<TPosts, TMath>(in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
        where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath
    {
        switch (Rule)
        {
            case PlasticityRule.Stdp: default(AllToAll).Update<TPosts, TMath>(this, in p, last, delay, decay, ref weight, ref kPlus); break;
            case PlasticityRule.StdpNnSymm: default(NearestSymmetric).Update<TPosts, TMath>(this, in p, last, delay, decay, ref weight, ref kPlus); break;
            case PlasticityRule.StdpNnPreCentered: default(NearestPreCentered).Update<TPosts, TMath>(this, in p, last, delay, decay, ref weight, ref kPlus); break;
            case PlasticityRule.StdpNnRestr: default(NearestRestricted).Update<TPosts, TMath>(this, in p, last, delay, decay, ref weight, ref kPlus); break;
            default: default(PowerLaw).Update<TPosts, TMath>(this, in p, last, delay, decay, ref weight, ref kPlus); break;
        }
    }

    // Gütig et al. (2003), as NEST's stdp_synapse: the weight relative to Wmax moves by lambda · (1 − w)^mu_plus · K⁺ up
    // and alpha · lambda · w^mu_minus · K⁻ down, clipped to [0, 1]. (A multiplication by 1/Wmax where NEST divides: the
    // last bit may differ from NEST's, never between shards.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double Facilitate<TMath>(double w, double kPlus) where TMath : struct, IUpdateMath
    {
        double x = w * InverseWMax, norm = x + Lambda * TMath.Power(1 - x, MuPlus, MuPlusIsOne) * kPlus;
        return Branchless.IfLess(norm, 1, norm * WMax, WMax);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double Depress<TMath>(double w, double kMinus) where TMath : struct, IUpdateMath
    {
        double x = w * InverseWMax, norm = x - AlphaLambda * TMath.Power(x, MuMinus, MuMinusIsOne) * kMinus;
        return Branchless.IfLess(0, norm, norm * WMax, 0);
    }

    // Additive and multiplicative rules, the usual ones, without Math.Pow: x^0 = 1 and x^1 = x exactly, as pow gives them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Power(double x, double mu) => mu == 1 ? x : mu == 0 ? 1 : Math.Pow(x, mu);
}

/// <summary>
/// The postsynaptic spikes a synapse pairs with, oldest first: a range of archive entries, or (the usual case, which
/// never touches the entries) at most the target's two newest spikes. A struct, so that each scheme's update compiles
/// separately for each.
/// </summary>
internal interface IPostSpikes
{
    /// <summary>How many.</summary>
    int Count { get; }

    /// <summary>
    /// <paramref name="w"/> potentiated by each spike in turn (by the first only when <paramref name="firstOnly"/>):
    /// <typeparamref name="TPotentiation"/> with the presynaptic trace <paramref name="k"/> decayed to the spike.
    /// </summary>
    double Potentiate<TPotentiation, TMath>(StdpRule rule, double w, double k, int delay, long last, bool firstOnly)
        where TPotentiation : struct, IPotentiation where TMath : struct, IUpdateMath;
}

/// <summary>Entries [from, to) of a neuron's archive.</summary>
internal readonly struct ArchivedSpikes(PostsynapticArchive.Entry[] entries, int from, int to) : IPostSpikes
{
    public int Count => to - from;

    public double Potentiate<TPotentiation, TMath>(StdpRule rule, double w, double k, int delay, long last, bool firstOnly)
        where TPotentiation : struct, IPotentiation where TMath : struct, IUpdateMath
    {
        int end = firstOnly ? Math.Min(to, from + 1) : to;
        for (int i = from; i < end; i++) w = default(TPotentiation).Apply<TMath>(rule, w, k, TMath.Decay(rule.Plus, entries[i].Step + delay - last));
        return w;
    }
}

/// <summary>
/// Of the target's two newest spikes, those a synapse pairs with (<paramref name="previousCount"/> and
/// <paramref name="lastCount"/> 1 or 0), read without the archive's entries (see <see cref="PostsynapticArchive.TryReadRecent"/>).
/// </summary>
internal readonly struct RecentSpikes(long previous, int previousCount, long last, int lastCount) : IPostSpikes
{
    public long Previous => previous;
    public int PreviousCount => previousCount;
    public long Last => last;
    public int LastCount => lastCount;
    public int Count => previousCount + lastCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Potentiate<TPotentiation, TMath>(StdpRule rule, double w, double k, int delay, long lastPre, bool firstOnly)
        where TPotentiation : struct, IPotentiation where TMath : struct, IUpdateMath
    {
        if (previousCount != 0)
        {
            w = default(TPotentiation).Apply<TMath>(rule, w, k, TMath.Decay(rule.Plus, previous + delay - lastPre));
            if (firstOnly) return w;
        }
        if (lastCount != 0) w = default(TPotentiation).Apply<TMath>(rule, w, k, TMath.Decay(rule.Plus, last + delay - lastPre));
        return w;
    }
}

/// <summary>How one postsynaptic spike potentiates a weight, given the presynaptic trace and its decay to the spike.</summary>
internal interface IPotentiation
{
    double Apply<TMath>(StdpRule rule, double w, double k, double plus) where TMath : struct, IUpdateMath;
}

/// <summary>Gütig et al.'s potentiation by the decayed presynaptic trace (all-to-all pairing).</summary>
internal readonly struct TracePotentiation : IPotentiation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Apply<TMath>(StdpRule rule, double w, double k, double plus) where TMath : struct, IUpdateMath => rule.Facilitate<TMath>(w, k * plus);
}

/// <summary>Gütig et al.'s potentiation by the nearest presynaptic spike alone.</summary>
internal readonly struct NearestPotentiation : IPotentiation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Apply<TMath>(StdpRule rule, double w, double k, double plus) where TMath : struct, IUpdateMath => rule.Facilitate<TMath>(w, plus);
}

/// <summary>Morrison et al.'s power-law potentiation.</summary>
internal readonly struct PowerLawPotentiation : IPotentiation
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Apply<TMath>(StdpRule rule, double w, double k, double plus) where TMath : struct, IUpdateMath =>
        w + rule.Lambda * TMath.Power(w, rule.Mu, rule.MuIsOne) * k * plus;
}

/// <summary>
/// What a synapse's target offers a presynaptic spike: the postsynaptic spikes it pairs with, and the latest
/// postsynaptic spike strictly before spike − d as e^(−Δ/τ⁻) alone (nearest neighbour) and times its K⁻ (all-to-all).
/// </summary>
internal readonly struct PostsynapticPairing<TPosts> where TPosts : struct, IPostSpikes
{
    public readonly TPosts Post;
    public readonly double Nearest, All;

    /// <param name="post">The postsynaptic spikes to pair with.</param>
    /// <param name="nearest">e^(−Δ/τ⁻) of the latest postsynaptic spike strictly before the presynaptic spike's step minus the delay (<see cref="NearestOf"/>).</param>
    /// <param name="beforeKMinus">That spike's K⁻.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PostsynapticPairing(TPosts post, double nearest, double beforeKMinus)
    {
        Post = post;
        Nearest = nearest;
        All = beforeKMinus * nearest;
    }

    /// <summary>
    /// e^(−(<paramref name="at"/> − <paramref name="before"/>)/τ⁻), or 0 when there is no spike before
    /// (<paramref name="before"/> is <see cref="long.MinValue"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double NearestOf<TMath>(long at, long before, DecayTable minus) where TMath : struct, IUpdateMath =>
        before == long.MinValue ? 0 : TMath.Decay(minus, at - before);
}

/// <summary>A pairing scheme: one synapse's update by one presynaptic spike (see <see cref="StdpRule.Update"/>).</summary>
internal interface IPairing
{
    void Update<TPosts, TMath>(StdpRule rule, in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
        where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath;
}

/// <summary>NEST's <c>stdp_synapse</c>: every pre-post pair.</summary>
internal readonly struct AllToAll : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update<TPosts, TMath>(StdpRule rule, in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
        where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath
    {
        double k = kPlus;
        double w = p.Post.Potentiate<TracePotentiation, TMath>(rule, weight, k, delay, last, firstOnly: false);
        weight = (float)rule.Depress<TMath>(w, p.All);
        kPlus = (float)(k * decay + 1);
    }
}

/// <summary>NEST's <c>stdp_nn_symm_synapse</c>.</summary>
internal readonly struct NearestSymmetric : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update<TPosts, TMath>(StdpRule rule, in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
        where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath
    {
        double w = p.Post.Potentiate<NearestPotentiation, TMath>(rule, weight, 0, delay, last, firstOnly: false);
        weight = (float)rule.Depress<TMath>(w, p.Nearest);
    }
}

/// <summary>NEST's <c>stdp_nn_pre_centered_synapse</c>.</summary>
internal readonly struct NearestPreCentered : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update<TPosts, TMath>(StdpRule rule, in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
        where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath
    {
        double k = kPlus;
        double w = p.Post.Potentiate<TracePotentiation, TMath>(rule, weight, k, delay, last, firstOnly: true);
        // A postsynaptic spike erases the presynaptic trace: earlier presynaptic spikes are forgotten.
        k = Branchless.If(p.Post.Count > 0, 0, k);
        weight = (float)rule.Depress<TMath>(w, p.Nearest);
        kPlus = (float)(k * decay + 1);
    }
}

/// <summary>NEST's <c>stdp_nn_restr_synapse</c>.</summary>
internal readonly struct NearestRestricted : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update<TPosts, TMath>(StdpRule rule, in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
        where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath
    {
        // Only pairs with no presynaptic spike between them: none, and no change, unless a postsynaptic spike came since the last.
        double w = weight;
        double paired = rule.Depress<TMath>(p.Post.Potentiate<NearestPotentiation, TMath>(rule, w, 0, delay, last, firstOnly: true), p.Nearest);
        weight = (float)Branchless.If(p.Post.Count > 0, paired, w);
    }
}

/// <summary>NEST's <c>stdp_pl_synapse_hom</c> (Morrison et al. 2007).</summary>
internal readonly struct PowerLaw : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update<TPosts, TMath>(StdpRule rule, in PostsynapticPairing<TPosts> p, long last, int delay, double decay, ref float weight, ref float kPlus)
        where TPosts : struct, IPostSpikes where TMath : struct, IUpdateMath
    {
        double k = kPlus;
        double w = p.Post.Potentiate<PowerLawPotentiation, TMath>(rule, weight, k, delay, last, firstOnly: false);
        w -= rule.AlphaLambda * w * p.All;
        weight = (float)Branchless.IfLess(0, w, w, 0);
        kPlus = (float)(k * decay + 1);
    }
}
