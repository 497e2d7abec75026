using System.Runtime.CompilerServices;
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

    public StdpRule(PlasticitySpec spec, double dtMs)
    {
        Rule = spec.Rule;
        Plus = new DecayTable(dtMs / spec.TauPlusMs);
        (Lambda, Alpha, MuPlus, MuMinus, WMax, Mu) = (spec.Lambda, spec.Alpha, spec.MuPlus, spec.MuMinus, spec.WMax, spec.Mu);
        InverseWMax = 1 / spec.WMax;
    }

    /// <summary>The pairing scheme and weight dependence.</summary>
    public PlasticityRule Rule { get; }

    /// <summary>e^(−elapsed·dt/τ⁺): how much the presynaptic trace decays over <paramref name="elapsed"/> steps.</summary>
    public double TraceDecay(long elapsed) => Plus.Of(elapsed);

    /// <summary>
    /// The update of one synapse by a presynaptic spike at <paramref name="spike"/> whose previous one was at
    /// <paramref name="last"/> (-1 before the first: NEST's time 0), onto local neuron <paramref name="target"/> with
    /// dendritic delay <paramref name="delay"/>: potentiation by the postsynaptic spikes in (last − d, spike − d],
    /// then depression by the trace at spike − d. Weight and presynaptic trace are updated in place;
    /// <paramref name="decay"/> is <see cref="TraceDecay"/> of spike − last.
    /// </summary>
    public void Update(PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus)
    {
        switch (Rule)
        {
            case PlasticityRule.Stdp: default(AllToAll).Update(this, archive, target, spike, last, delay, decay, ref weight, ref kPlus); break;
            case PlasticityRule.StdpNnSymm: default(NearestSymmetric).Update(this, archive, target, spike, last, delay, decay, ref weight, ref kPlus); break;
            case PlasticityRule.StdpNnPreCentered: default(NearestPreCentered).Update(this, archive, target, spike, last, delay, decay, ref weight, ref kPlus); break;
            case PlasticityRule.StdpNnRestr: default(NearestRestricted).Update(this, archive, target, spike, last, delay, decay, ref weight, ref kPlus); break;
            default: default(PowerLaw).Update(this, archive, target, spike, last, delay, decay, ref weight, ref kPlus); break;
        }
    }

    // Gütig et al. (2003), as NEST's stdp_synapse: the weight relative to Wmax moves by lambda · (1 − w)^mu_plus · K⁺ up
    // and alpha · lambda · w^mu_minus · K⁻ down, clipped to [0, 1]. (A multiplication by 1/Wmax where NEST divides: the
    // last bit may differ from NEST's, never between shards.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double Facilitate(double w, double kPlus)
    {
        double x = w * InverseWMax, norm = x + Lambda * Power(1 - x, MuPlus) * kPlus;
        return norm < 1 ? norm * WMax : WMax;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double Depress(double w, double kMinus)
    {
        double x = w * InverseWMax, norm = x - Alpha * Lambda * Power(x, MuMinus) * kMinus;
        return norm > 0 ? norm * WMax : 0;
    }

    // Additive and multiplicative rules, the usual ones, without Math.Pow: x^0 = 1 and x^1 = x exactly, as pow gives them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Power(double x, double mu) => mu == 1 ? x : mu == 0 ? 1 : Math.Pow(x, mu);
}

/// <summary>
/// What a synapse's target offers a presynaptic spike: the postsynaptic spikes it pairs with (positions [From, To) of
/// Post), and the latest postsynaptic spike strictly before spike − d as e^(−Δ/τ⁻) alone (nearest neighbour) and times
/// its K⁻ (all-to-all).
/// </summary>
internal readonly ref struct PostsynapticPairing
{
    public readonly PostsynapticArchive.Entry[] Post;
    public readonly int From, To;
    public readonly double Nearest, All;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public PostsynapticPairing(PostsynapticArchive archive, int target, long spike, long last, int delay)
    {
        long at = spike - delay;
        archive.Read(target, last - delay, at, out Post, out From, out To, out long before, out double beforeKMinus, out var minus);
        Nearest = before == long.MinValue ? 0 : minus.Of(at - before);
        All = beforeKMinus * Nearest;
    }
}

/// <summary>A pairing scheme: one synapse's update by one presynaptic spike (see <see cref="StdpRule.Update"/>).</summary>
internal interface IPairing
{
    void Update(StdpRule rule, PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus);
}

/// <summary>NEST's <c>stdp_synapse</c>: every pre-post pair.</summary>
internal readonly struct AllToAll : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(StdpRule rule, PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus)
    {
        var p = new PostsynapticPairing(archive, target, spike, last, delay);
        double w = weight, k = kPlus;
        for (int i = p.From; i < p.To; i++) w = rule.Facilitate(w, k * rule.Plus.Of(p.Post[i].Step + delay - last));
        w = rule.Depress(w, p.All);
        weight = (float)w;
        kPlus = (float)(k * decay + 1);
    }
}

/// <summary>NEST's <c>stdp_nn_symm_synapse</c>.</summary>
internal readonly struct NearestSymmetric : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(StdpRule rule, PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus)
    {
        var p = new PostsynapticPairing(archive, target, spike, last, delay);
        double w = weight;
        for (int i = p.From; i < p.To; i++) w = rule.Facilitate(w, rule.Plus.Of(p.Post[i].Step + delay - last));
        w = rule.Depress(w, p.Nearest);
        weight = (float)w;
    }
}

/// <summary>NEST's <c>stdp_nn_pre_centered_synapse</c>.</summary>
internal readonly struct NearestPreCentered : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(StdpRule rule, PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus)
    {
        var p = new PostsynapticPairing(archive, target, spike, last, delay);
        double w = weight, k = kPlus;
        if (p.From < p.To)
        {
            w = rule.Facilitate(w, k * rule.Plus.Of(p.Post[p.From].Step + delay - last));
            // A postsynaptic spike erases the presynaptic trace: earlier presynaptic spikes are forgotten.
            k = 0;
        }
        w = rule.Depress(w, p.Nearest);
        weight = (float)w;
        kPlus = (float)(k * decay + 1);
    }
}

/// <summary>NEST's <c>stdp_nn_restr_synapse</c>.</summary>
internal readonly struct NearestRestricted : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(StdpRule rule, PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus)
    {
        var p = new PostsynapticPairing(archive, target, spike, last, delay);
        // Only pairs with no presynaptic spike between them: none unless a postsynaptic spike came since the last.
        if (p.From < p.To)
        {
            double w = rule.Facilitate(weight, rule.Plus.Of(p.Post[p.From].Step + delay - last));
            weight = (float)rule.Depress(w, p.Nearest);
        }
    }
}

/// <summary>NEST's <c>stdp_pl_synapse_hom</c> (Morrison et al. 2007).</summary>
internal readonly struct PowerLaw : IPairing
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(StdpRule rule, PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus)
    {
        var p = new PostsynapticPairing(archive, target, spike, last, delay);
        double w = weight, k = kPlus;
        for (int i = p.From; i < p.To; i++) w += rule.Lambda * StdpRule.Power(w, rule.Mu) * k * rule.Plus.Of(p.Post[i].Step + delay - last);
        w -= rule.Lambda * rule.Alpha * w * p.All;
        if (!(w > 0)) w = 0;
        weight = (float)w;
        kPlus = (float)(k * decay + 1);
    }
}
