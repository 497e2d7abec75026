using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

// What a long-lived session changes between runs: state back to the start with fresh random input, parameters and
// stimuli (weights: ShardKernel.Weights.cs). None of it touches Deliver's or the updates' loops.
public sealed partial class ShardKernel
{
    /// <summary>
    /// The trial whose random input (Poisson generators and poisson_source populations) is drawn; 0 is a first run's.
    /// Setting it changes the draws of the steps to come and nothing else. A restore leaves it as last set; a session keeps it in its checkpoints and sets it on resume.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The trial is negative.</exception>
    [BetweenRuns]
    public int Trial
    {
        get => _stimuli.Trial;
        set
        {
            _stimuli.Trial = value;
            ulong key = Streams.TrialSeed(Plan.Spec.Simulation.Seed, value);
            foreach (var group in _groups) group.UseRandomKey(key);
        }
    }

    /// <summary>
    /// Starts trial <paramref name="trial"/> from step 0: every neuron back to its state as built, ring buffers and
    /// outbox empty, recorded spikes and probe samples cleared, counters zero. Weights, parameters and stimuli keep
    /// the values last set. Trial 0 draws the random input of a fresh build bit for bit; another trial draws it afresh
    /// (still the same in any partition). Every shard of the network must be reset to the same trial.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The trial is negative.</exception>
    [BetweenRuns]
    public void ResetState(int trial = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        for (int g = 0; g < _groups.Length; g++)
        {
            // The state as built, drawn again; the group keeps the parameters last set.
            var group = _groups[g];
            var built = BuildGroup(g);
            var row = new double[group.StateWidth];
            for (int i = 0; i < group.Count; i++)
            {
                built.SaveNeuron(i, row);
                group.LoadNeuron(i, row);
            }
        }
        Array.Clear(_ring);
        Outbox.Clear();
        _recorder.Clear();
        Step = 0;
        DeliveredBefore = 0;
        SpikeCount = 0;
        EventCount = 0;
        // Learned weights stay, as weights set do; the pairing starts again with time.
        _plastic?.ResetPairing();
        Trial = trial;
        foreach (var group in _groups) group.OnRestored(0);
    }

    /// <summary>
    /// The values of <paramref name="parameter"/> of population <paramref name="population"/> that this shard's
    /// neurons use, one per neuron held, in population order.
    /// </summary>
    /// <exception cref="ArgumentException">No such population or parameter.</exception>
    [BetweenRuns]
    public double[] GetParameter(int population, string parameter)
    {
        var (pop, _) = CheckParameter(population, parameter);
        var group = _groups[population];
        if (pop.Model == NeuronModel.PoissonSource) return Enumerable.Range(0, group.Count).Select(((PoissonSourceGroup)group).RateHz).ToArray();
        if (pop.Model.PerNeuronParameters) return Enumerable.Range(0, group.Count).Select(i => group.GetParameter(parameter, i)).ToArray();
        double value = group.GetParameter(parameter);
        var values = Enumerable.Repeat(value, group.Count).ToArray();
        if (parameter == "i_e" && _bias is { } bias)
            for (int i = 0; i < values.Length; i++) values[i] += bias[_groupLocalStart[population] + i];
        return values;
    }

    /// <summary>
    /// Sets parameter <paramref name="parameter"/> (a name of the model catalogue, e.g. i_e, tau_m, v_th, a) of
    /// population <paramref name="population"/>: one value for the whole population, or one per neuron in population
    /// order, of which this shard takes its slice. Per-neuron values are taken for i_e (any neuron model) and rate
    /// (poisson_source); every other parameter takes one value for the population (or per-neuron values that are
    /// all equal). Derived constants (propagators, refractory steps) are recomputed; the state is kept. Every shard
    /// must be given the same values.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No such population, a parameter the model does not have (the valid names are listed), a wrong count, per-neuron
    /// values for a parameter that takes one, or a value the model validation refuses.
    /// </exception>
    [BetweenRuns]
    public void SetParameter(int population, string parameter, ReadOnlySpan<double> values)
    {
        var (pop, info) = CheckParameter(population, parameter);
        string where = $"population {pop.Name} ({population}), parameter {parameter}";
        if (values.Length != 1 && values.Length != pop.Size)
            throw new ArgumentException($"{where}: give one value or one per neuron ({pop.Size}), not {values.Length}", nameof(values));
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
                throw new ArgumentException($"{where}: value [{i}] = {values[i]}; a parameter must be finite", nameof(values));
            if (info.Refusal(values[i]) is { } rule)
                throw new ArgumentException($"{where}: value [{i}] = {values[i]}; {rule}", nameof(values));
        }
        bool uniform = true;
        for (int i = 1; i < values.Length && uniform; i++) uniform = values[i] == values[0];
        bool perNeuron = parameter == "i_e" || pop.Model == NeuronModel.PoissonSource || pop.Model.PerNeuronParameters;
        if (!uniform && !perNeuron)
            throw new ArgumentException($"{where}: takes one value for the whole population; only i_e (and a poisson_source's rate, and every parameter of the models that read parameters per neuron) can differ from neuron to neuron", nameof(values));
        var group = _groups[population];
        if (pop.Model.ResetBelowThreshold && parameter is "v_th" or "v_reset")
        {
            double vTh = parameter == "v_th" ? values[0] : group.GetParameter("v_th");
            double vReset = parameter == "v_reset" ? values[0] : group.GetParameter("v_reset");
            if (!(vReset < vTh))
                throw new ArgumentException($"{where}: the reset v_reset = {vReset} mV must lie below the threshold v_th = {vTh} mV", nameof(values));
        }

        var (start, count) = SliceOf(population);
        int local = _groupLocalStart[population];
        if (uniform)
        {
            group.SetParameter(parameter, values[0]);
            if (parameter == "i_e" && _bias is { } bias) Array.Clear(bias, local, count);
        }
        else if (pop.Model.PerNeuronParameters)
        {
            group.SetParameter(parameter, values.Slice(start, count));
        }
        else if (pop.Model == NeuronModel.PoissonSource)
        {
            ((PoissonSourceGroup)group).SetRates(values.Slice(start, count));
        }
        else
        {
            // The group's i_e becomes 0 and each neuron's value an injected current; 0 + I is I, so the sum the
            // update forms is the neuron's i_e plus the stimuli's current.
            group.SetParameter("i_e", 0);
            var bias = _bias ??= new double[_localCount];
            values.Slice(start, count).CopyTo(bias.AsSpan(local, count));
        }
    }

    [BetweenRuns]
    private (PopulationSpec Population, ParameterInfo Info) CheckParameter(int population, string parameter)
    {
        var spec = Plan.Spec;
        if (population < 0 || population >= spec.Populations.Count)
            throw new ArgumentException($"population {population} does not exist: the model has {spec.Populations.Count} (0..{spec.Populations.Count - 1})", nameof(population));
        var pop = spec.Populations[population];
        var model = pop.Model;
        var info = model.Parameters.FirstOrDefault(p => p.Name == parameter);
        if (info is null && parameter == PopulationParameters.TauMinus.Name)
            // The archive's decay of the postsynaptic trace is fixed at build, like the rules' own constants.
            throw new ArgumentException($"population {pop.Name} ({population}): '{parameter}' is the time constant of the plastic " +
                "synapses' postsynaptic trace and is fixed when the network is built; change it in the model", nameof(parameter));
        if (info is null)
            throw new ArgumentException(model.Parameters.Count == 0
                ? $"population {pop.Name} ({population}): '{parameter}' is not a parameter; {model.YamlName} has no parameters"
                : $"population {pop.Name} ({population}): '{parameter}' is not a parameter of {model.YamlName}; valid parameters are: {string.Join(", ", model.Parameters.Select(p => p.Name))}",
                nameof(parameter));
        return (pop, info);
    }

    /// <summary>
    /// Sets the rates of Poisson generator <paramref name="stimulus"/> (index in the model's stimuli): one rate in Hz
    /// for every targeted neuron, or one per targeted neuron in the order the stimulus lists them.
    /// </summary>
    /// <exception cref="ArgumentException">No such Poisson generator, a wrong count, or a rate that is negative, NaN or infinite.</exception>
    [BetweenRuns]
    public void SetStimulusRates(int stimulus, ReadOnlySpan<double> ratesHz) => _stimuli.SetRates(stimulus, ratesHz);

    /// <summary>
    /// Replaces the spike times of spike_source_array population <paramref name="population"/>: one sorted list (ms)
    /// per neuron of the population, of which this shard keeps its slice. Times before the current step are not emitted.
    /// </summary>
    /// <exception cref="ArgumentException">Not a spike_source_array, a wrong count, or times that are not finite, below dt or unsorted.</exception>
    [BetweenRuns]
    public void SetSpikeTimes(int population, IReadOnlyList<double[]> timesMs)
    {
        var spec = Plan.Spec;
        if (population < 0 || population >= spec.Populations.Count)
            throw new ArgumentException($"population {population} does not exist: the model has {spec.Populations.Count} (0..{spec.Populations.Count - 1})", nameof(population));
        var pop = spec.Populations[population];
        if (pop.Model != NeuronModel.SpikeSourceArray)
            throw new ArgumentException($"population {pop.Name} ({population}) is a {pop.Model.YamlName}, not a spike_source_array: it has no spike times", nameof(population));
        if (timesMs.Count != pop.Size)
            throw new ArgumentException($"population {pop.Name}: give one list of times per neuron ({pop.Size}), not {timesMs.Count}", nameof(timesMs));
        double dt = Plan.DtMs;
        for (int i = 0; i < timesMs.Count; i++)
        {
            var times = timesMs[i] ?? throw new ArgumentException($"population {pop.Name}: the times of neuron {i} are null", nameof(timesMs));
            for (int k = 0; k < times.Length; k++)
            {
                // The model's rule: a spike is stamped at the end of its step, so the earliest time is dt.
                if (!(Math.Round(times[k] / dt) >= 1) || double.IsInfinity(times[k]))
                    throw new ArgumentException($"population {pop.Name}: time [{i}][{k}] = {times[k]} ms; spike times must be finite and at least dt ({dt} ms)", nameof(timesMs));
                if (k > 0 && times[k] < times[k - 1])
                    throw new ArgumentException($"population {pop.Name}: time [{i}][{k}] = {times[k]} ms; spike times must be sorted: the previous one is {times[k - 1]} ms", nameof(timesMs));
            }
        }
        var (start, count) = SliceOf(population);
        ((SpikeSourceArrayGroup)_groups[population]).SetSpikeTimes(timesMs.Skip(start).Take(count).ToArray(), Step);
    }

    /// <summary>
    /// Puts <see cref="SpikeCount"/> and <see cref="EventCount"/> back to earlier values: a session going back to a
    /// snapshot of its own rewinds them with the state, so that its figures describe the steps that led to it.
    /// </summary>
    [BetweenRuns]
    public void RewindCounters(long spikes, long events)
    {
        SpikeCount = spikes;
        EventCount = events;
    }
}
