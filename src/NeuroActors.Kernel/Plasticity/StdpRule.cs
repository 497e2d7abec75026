using System.Runtime.CompilerServices;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Plasticity;

/// <summary>
/// One plastic projection's rule with its parameters, as the delivery loop uses them: the weight update of one
/// presynaptic spike, written as NEST's <c>send</c> of the synapse of the same name, in steps instead of ms.
/// </summary>
internal sealed class StdpRule
{
    private readonly PlasticityRule _rule;
    private readonly double _lambda, _alpha, _muPlus, _muMinus, _wMax, _inverseWMax, _mu;
    private readonly DecayTable _plus;

    public StdpRule(PlasticitySpec spec, double dtMs)
    {
        _rule = spec.Rule;
        _plus = new DecayTable(dtMs / spec.TauPlusMs);
        (_lambda, _alpha, _muPlus, _muMinus, _wMax, _mu) = (spec.Lambda, spec.Alpha, spec.MuPlus, spec.MuMinus, spec.WMax, spec.Mu);
        _inverseWMax = 1 / spec.WMax;
    }

    /// <summary>e^(−elapsed·dt/τ⁺): how much the presynaptic trace decays over <paramref name="elapsed"/> steps.</summary>
    public double TraceDecay(long elapsed) => _plus.Of(elapsed);

    /// <summary>
    /// The update of one synapse by a presynaptic spike at <paramref name="spike"/> whose previous one was at
    /// <paramref name="last"/> (-1 before the first: NEST's time 0), onto local neuron <paramref name="target"/> with
    /// dendritic delay <paramref name="delay"/>: potentiation by the postsynaptic spikes in (last − d, spike − d],
    /// then depression by the trace at spike − d. Weight and presynaptic trace are updated in place;
    /// <paramref name="decay"/> is <see cref="TraceDecay"/> of spike − last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(PostsynapticArchive archive, int target, long spike, long last, int delay, double decay, ref float weight, ref float kPlus)
    {
        double w = weight, k = kPlus;
        long at = spike - delay;
        archive.Read(target, last - delay, at, out var post, out int from, out int to, out long before, out double beforeKMinus, out var minus);
        // The latest postsynaptic spike strictly before spike − d: e^(−Δ/τ⁻) alone (nearest neighbour) and times its K⁻ (all).
        double nearest = before == long.MinValue ? 0 : minus.Of(at - before);
        double all = beforeKMinus * nearest;
        switch (_rule)
        {
            case PlasticityRule.Stdp:
                for (int i = from; i < to; i++) w = Facilitate(w, k * _plus.Of(post[i].Step + delay - last));
                w = Depress(w, all);
                k = k * decay + 1;
                break;
            case PlasticityRule.StdpNnSymm:
                for (int i = from; i < to; i++) w = Facilitate(w, _plus.Of(post[i].Step + delay - last));
                w = Depress(w, nearest);
                break;
            case PlasticityRule.StdpNnPreCentered:
                if (from < to)
                {
                    w = Facilitate(w, k * _plus.Of(post[from].Step + delay - last));
                    // A postsynaptic spike erases the presynaptic trace: earlier presynaptic spikes are forgotten.
                    k = 0;
                }
                w = Depress(w, nearest);
                k = k * decay + 1;
                break;
            case PlasticityRule.StdpNnRestr:
                // Only pairs with no presynaptic spike between them: none unless a postsynaptic spike came since the last.
                if (from < to)
                {
                    w = Facilitate(w, _plus.Of(post[from].Step + delay - last));
                    w = Depress(w, nearest);
                }
                break;
            default: // StdpPlSynapseHom
                for (int i = from; i < to; i++) w += _lambda * Power(w, _mu) * k * _plus.Of(post[i].Step + delay - last);
                w -= _lambda * _alpha * w * all;
                if (!(w > 0)) w = 0;
                k = k * decay + 1;
                break;
        }
        weight = (float)w;
        kPlus = (float)k;
    }

    // Gütig et al. (2003), as NEST's stdp_synapse: the weight relative to Wmax moves by lambda · (1 − w)^mu_plus · K⁺ up
    // and alpha · lambda · w^mu_minus · K⁻ down, clipped to [0, 1]. (A multiplication by 1/Wmax where NEST divides: the
    // last bit may differ from NEST's, never between shards.)
    private double Facilitate(double w, double kPlus)
    {
        double x = w * _inverseWMax, norm = x + _lambda * Power(1 - x, _muPlus) * kPlus;
        return norm < 1 ? norm * _wMax : _wMax;
    }

    private double Depress(double w, double kMinus)
    {
        double x = w * _inverseWMax, norm = x - _alpha * _lambda * Power(x, _muMinus) * kMinus;
        return norm > 0 ? norm * _wMax : 0;
    }

    // Additive and multiplicative rules, the usual ones, without Math.Pow: x^0 = 1 and x^1 = x exactly, as pow gives them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Power(double x, double mu) => mu == 1 ? x : mu == 0 ? 1 : Math.Pow(x, mu);
}
