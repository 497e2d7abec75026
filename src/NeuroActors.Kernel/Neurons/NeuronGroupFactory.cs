using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Neurons;

/// <summary>Creates the group for a population slice and draws its initial state from global ids.</summary>
public static class NeuronGroupFactory
{
    /// <summary>
    /// The group holding neurons [start, start+count) of population <paramref name="popIndex"/>, whose first global id is
    /// <paramref name="firstGid"/>. Initial values are drawn per neuron from the stream (seed, population, variable; gid).
    /// </summary>
    public static NeuronGroup Create(NetworkSpec spec, int popIndex, int start, int count, int firstGid)
    {
        var pop = spec.Populations[popIndex];
        double dt = spec.Simulation.DtMs;
        double P(string name) => pop.Param(name);
        NeuronGroup group = pop.Model switch
        {
            NeuronModel.IafPscDelta => new IafPscDelta(count, dt, P("tau_m"), P("c_m"), P("e_l"), P("v_th"), P("v_reset"), P("t_ref"), P("i_e")),
            NeuronModel.IafPscExp => new IafPscExp(count, dt, P("tau_m"), P("c_m"), P("e_l"), P("v_th"), P("v_reset"), P("t_ref"), P("i_e"), P("tau_syn_ex"), P("tau_syn_in")),
            NeuronModel.IafCondExp => new IafCondExp(count, dt, P("c_m"), P("g_l"), P("e_l"), P("e_ex"), P("e_in"), P("v_th"), P("v_reset"), P("t_ref"), P("tau_syn_ex"), P("tau_syn_in"), P("i_e")),
            NeuronModel.Izhikevich => new Izhikevich(count, dt, P("a"), P("b"), P("c"), P("d"), P("v_th"), P("i_e")),
            NeuronModel.PoissonSource => new PoissonSourceGroup(count, dt, Rates(pop, start, count), spec.Simulation.Seed, popIndex, firstGid),
            NeuronModel.SpikeSourceArray => new SpikeSourceArrayGroup(count, dt, Enumerable.Range(start, count).Select(i => pop.SpikeTimes![i]).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), pop.Model, "unknown neuron model"),
        };
        for (int v = 0; v < group.Variables.Count; v++)
        {
            string name = group.Variables[v];
            var values = group.Variable(v);
            if (pop.Initial.TryGetValue(name, out var dist))
            {
                for (int i = 0; i < count; i++)
                {
                    var rng = new RandomStream(spec.Simulation.Seed, Streams.Initial(popIndex, v), (uint)(firstGid + i));
                    values[i] = dist.Draw(ref rng);
                }
            }
            else
            {
                Array.Fill(values, NeuronModels.DefaultInitial(pop, name), 0, count);
            }
        }
        return group;
    }

    private static double[] Rates(PopulationSpec pop, int start, int count)
    {
        var rates = new double[count];
        for (int i = 0; i < count; i++) rates[i] = pop.Rates is { } r ? r[start + i] : pop.Param("rate");
        return rates;
    }
}
