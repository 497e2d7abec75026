using NeuroActors.Kernel.Neurons;
using NeuroActors.Loihi.Quantisation;
using NeuroActors.Model;

namespace NeuroActors.Loihi;

/// <summary>Builds the compartments of one slice of a <c>loihi_lif</c> population from the model.</summary>
internal static class LoihiPopulation
{
    /// <summary>
    /// Neurons [start, start + count) of population <paramref name="population"/>, whose first gid is
    /// <paramref name="firstGid"/>: parameters per neuron (a list or one value), the reset option, and initial u and v
    /// as the model gives them (<see cref="InitialState"/>: a per-neuron list, or a draw keyed by gid, or the default),
    /// rounded to the nearest integer (<see cref="Mantissas.Round"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A population whose model is not loihi_lif, or a parameter outside its bit width.</exception>
    public static LoihiCompartments Create(NetworkSpec spec, int population, int start, int count, int firstGid, QuantisedNetwork? quantised)
    {
        var pop = spec.Populations[population];
        if (pop.Model.YamlName != LoihiShard.ModelName)
            return quantised?.Population(population) is { } q
                ? Quantised(spec, q, start, count, firstGid)
                : throw new ArgumentException($"populations[{population}] ({pop.Name}): model {pop.Model.YamlName} on backend {LoihiShard.Name} is not quantised; the Loihi shard runs {LoihiShard.ModelName} and quantised iaf_psc_exp populations");
        int interval = PopulationWide(pop, population, "reset_interval");
        var reset = interval > 0 ? new LoihiReset(interval, PopulationWide(pop, population, "reset_offset")) : null;
        var c = new LoihiCompartments(count, reset);
        var values = new int[count];
        foreach (string name in LoihiFixedPoint.ParameterNames)
        {
            for (int i = 0; i < count; i++) values[i] = (int)pop.Param(name, start + i);
            c.SetParameter(name, values);
        }
        for (int v = 0; v < 2; v++)
        {
            var state = v == 0 ? c.U : c.V;
            for (int i = 0; i < count; i++)
                state[i] = (int)Math.Clamp(Mantissas.Round(InitialState.Value(spec, population, v, start + i, firstGid + i)), int.MinValue, int.MaxValue);
        }
        return c;
    }

    /// <summary>
    /// Neurons [start, start + count) of quantised population <paramref name="q"/>: one compartment configuration (the
    /// population's du, dv, vth and refractory period), the bias (the population's, or each neuron's), each neuron's float
    /// initial state, quantised (<see cref="QuantisedPopulation.Initial"/>), and the hold of a population that starts later.
    /// </summary>
    private static LoihiCompartments Quantised(NetworkSpec spec, QuantisedPopulation q, int start, int count, int firstGid)
    {
        var c = new LoihiCompartments(count);
        c.SetParameter("du", [q.Du]);
        c.SetParameter("dv", [q.Dv]);
        c.SetParameter("vth", [q.Vth]);
        c.SetParameter("bias_mant", q.BiasMantissas is { } mant ? mant.Skip(start).Take(count).ToArray() : [q.BiasMant]);
        c.SetParameter("bias_exp", q.BiasExponents is { } exp ? exp.Skip(start).Take(count).ToArray() : [q.BiasExp]);
        c.SetParameter("refractory", [q.Refractory]);
        for (int i = 0; i < count; i++) (c.U[i], c.V[i]) = q.Initial(spec, start + i, firstGid + i);
        // A population that starts later holds v at 0 until then, as a refractory countdown (ResetState restores it).
        Array.Fill(c.RefractoryCounter, q.Hold);
        return c;
    }

    /// <summary>A parameter that must be one value for the whole population (checked over all of it, so whatever the cut).</summary>
    private static int PopulationWide(PopulationSpec pop, int population, string name)
    {
        double first = pop.Param(name, 0);
        for (int i = 1; i < pop.Size; i++)
            if (pop.Param(name, i) != first)
                throw new ArgumentException($"populations[{population}].parameters.{name}: neuron {i} has {pop.Param(name, i)}, neuron 0 {first}; the reset is one setting for the population");
        return (int)first;
    }
}
