using NeuroActors.Kernel.Neurons;
using NeuroActors.Kernel.Random;
using NeuroActors.Model;

namespace NeuroActors.Kernel.Shard;

/// <summary>The synapses of one projection whose targets a shard holds, in canonical order (see <see cref="ShardKernel.GetWeights"/>).</summary>
/// <param name="Source">Global id of each synapse's source.</param>
/// <param name="Target">Global id of each synapse's target.</param>
/// <param name="Weight">Weight (units of the target model), as stored: a float.</param>
/// <param name="DelaySteps">Delay in steps.</param>
public sealed record ProjectionWeights(int[] Source, int[] Target, float[] Weight, int[] DelaySteps)
{
    /// <summary>Number of synapses.</summary>
    public int Count => Source.Length;
}

// What a long-lived session changes between runs: state back to the start with fresh random input, parameters,
// stimuli and weights. None of it touches Deliver's or the updates' loops.
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
            var group = _groups[g];
            int width = group.StateWidth;
            for (int i = 0; i < group.Count; i++) group.LoadNeuron(i, _initialState[g].AsSpan(i * width, width));
        }
        Array.Clear(_ring);
        Outbox.Clear();
        _recorder.Clear();
        Step = 0;
        DeliveredBefore = 0;
        SpikeCount = 0;
        EventCount = 0;
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
        bool perNeuron = parameter == "i_e" || pop.Model == NeuronModel.PoissonSource;
        if (!uniform && !perNeuron)
            throw new ArgumentException($"{where}: takes one value for the whole population; only i_e (and a poisson_source's rate) can differ from neuron to neuron", nameof(values));
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

    /// <summary>
    /// The synapses of projection <paramref name="projection"/> whose targets this shard holds, ordered by (target gid,
    /// source gid, generation order among the pair's multapses): an order that does not depend on the cut, so the
    /// shards' lists concatenated in target order are the same for any partition.
    /// </summary>
    /// <exception cref="ArgumentException">No such projection.</exception>
    [BetweenRuns]
    public ProjectionWeights GetWeights(int projection)
    {
        var (slots, sources) = CanonicalSynapses(projection);
        var table = _synapses;
        var localGid = LocalGids();
        var weights = new float[slots.Length];
        var targets = new int[slots.Length];
        var delays = new int[slots.Length];
        for (int k = 0; k < slots.Length; k++)
        {
            uint packed = table.Packed[slots[k]];
            targets[k] = localGid[table.Target(packed)];
            delays[k] = table.Delay(packed);
            weights[k] = table.Weight[slots[k]];
        }
        return new ProjectionWeights(sources, targets, weights, delays);
    }

    /// <summary>
    /// Sets the weights of projection <paramref name="projection"/>'s synapses whose targets this shard holds; entries
    /// whose targets another shard holds are skipped, so every shard may be given the whole projection. The entries may
    /// come in any order; the k-th entry of a (source, target) pair sets the pair's k-th synapse in generation order
    /// (as <see cref="GetWeights"/> lists them). Weights are stored as float. Delays are not changed.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// No such projection, arrays of different lengths, a pair the projection does not have (or not as often), a
    /// count that differs from the projection's synapses here, a NaN or infinite weight, or a weight whose sign
    /// contradicts the receptor (conductances must be ≥ 0; otherwise excitatory ≥ 0 and inhibitory ≤ 0).
    /// </exception>
    [BetweenRuns]
    public void SetWeights(int projection, ReadOnlySpan<int> sourceGids, ReadOnlySpan<int> targetGids, ReadOnlySpan<float> weights)
    {
        var (slots, sources) = CanonicalSynapses(projection);
        var spec = Plan.Spec;
        var pr = spec.Projections[projection];
        string name = $"projection {projection} ({pr.Label})";
        if (sourceGids.Length != targetGids.Length || sourceGids.Length != weights.Length)
            throw new ArgumentException($"{name}: {sourceGids.Length} sources, {targetGids.Length} targets and {weights.Length} weights; give one of each per synapse", nameof(weights));
        int sp = spec.PopulationIndex(pr.Source), tp = spec.PopulationIndex(pr.Target);
        int sFirst = Plan.PopulationOffset(sp), tFirst = Plan.PopulationOffset(tp);
        bool conductance = spec.Populations[tp].Model.WeightSign == WeightSign.NonNegative;
        bool excitatory = pr.Synapse.Receptor == Receptor.Excitatory;
        var mine = new List<int>();
        for (int e = 0; e < weights.Length; e++)
        {
            int s = sourceGids[e], t = targetGids[e];
            if (s < sFirst || s >= sFirst + spec.Populations[sp].Size || t < tFirst || t >= tFirst + spec.Populations[tp].Size)
                throw new ArgumentException($"{name}: has no synapse {s} -> {t} (entry {e}): sources are gids {sFirst}..{sFirst + spec.Populations[sp].Size - 1}, targets {tFirst}..{tFirst + spec.Populations[tp].Size - 1}", nameof(sourceGids));
            float w = weights[e];
            if (!float.IsFinite(w))
                throw new ArgumentException($"{name}: synapse {s} -> {t} (entry {e}) has weight {w}; a weight must be finite", nameof(weights));
            if (conductance ? w < 0 : excitatory ? w < 0 : w > 0)
                throw new ArgumentException($"{name}: synapse {s} -> {t} (entry {e}) has weight {w}; " + (conductance
                    ? "conductance weights (nS) must be >= 0, the receptor says whether the synapse excites or inhibits"
                    : $"the receptor is {pr.Synapse.Receptor.ToString().ToLowerInvariant()}, so weights must be {(excitatory ? ">= 0" : "<= 0")}"), nameof(weights));
            if (LocalOf(tp, t - tFirst) >= 0) mine.Add(e);
        }
        // The entries for this shard's targets in canonical order: by target, source, then as given.
        var keys = new long[mine.Count];
        var order = mine.ToArray();
        for (int k = 0; k < order.Length; k++) keys[k] = (long)targetGids[order[k]] << 32 | (uint)sourceGids[order[k]];
        Array.Sort(keys, order); // introsort is unstable: re-sort each run of equal pairs by entry
        for (int k = 0; k < order.Length;)
        {
            int end = k + 1;
            while (end < order.Length && keys[end] == keys[k]) end++;
            Array.Sort(order, k, end - k);
            k = end;
        }
        var localGid = LocalGids();
        int n = Math.Min(order.Length, slots.Length);
        for (int k = 0; k < n; k++)
        {
            int e = order[k];
            int target = localGid[_synapses.Target(_synapses.Packed[slots[k]])];
            if (sources[k] != sourceGids[e] || target != targetGids[e])
            {
                // The first difference in canonical order is the pair that is missing, or extra, in the input.
                bool extra = ((long)targetGids[e] << 32 | (uint)sourceGids[e]) < ((long)target << 32 | (uint)sources[k]);
                (int s, int t) = extra ? (sourceGids[e], targetGids[e]) : (sources[k], target);
                throw new ArgumentException(extra
                    ? $"{name}: has no synapse {s} -> {t} (entry {e}), or not that many times"
                    : $"{name}: synapse {s} -> {t} is not given (this shard holds {slots.Length} synapses of the projection)", nameof(sourceGids));
            }
        }
        if (order.Length != slots.Length)
            throw new ArgumentException(order.Length > slots.Length
                ? $"{name}: has no synapse {sourceGids[order[n]]} -> {targetGids[order[n]]} (entry {order[n]}), or not that many times; this shard holds {slots.Length} synapses of the projection, {order.Length} were given"
                : $"{name}: synapse {sources[n]} -> {localGid[_synapses.Target(_synapses.Packed[slots[n]])]} is not given; this shard holds {slots.Length} synapses of the projection, {order.Length} were given",
                nameof(weights));
        for (int k = 0; k < slots.Length; k++) _synapses.Weight[slots[k]] = weights[order[k]];
    }

    /// <summary>Places of projection j's synapses here in canonical order (target gid, source gid, place) and their source gids.</summary>
    [BetweenRuns]
    private (int[] Slots, int[] Sources) CanonicalSynapses(int projection)
    {
        var spec = Plan.Spec;
        if (projection < 0 || projection >= spec.Projections.Count)
            throw new ArgumentException($"projection {projection} does not exist: the model has {spec.Projections.Count} (0..{spec.Projections.Count - 1})", nameof(projection));
        var pr = spec.Projections[projection];
        int sp = spec.PopulationIndex(pr.Source), tp = spec.PopulationIndex(pr.Target);
        int nSource = spec.Populations[sp].Size, sFirst = Plan.PopulationOffset(sp);
        int tLocal = _groupLocalStart[tp], tEnd = tLocal + _groups[tp].Count, receptor = pr.Synapse.Receptor == Receptor.Excitatory ? 0 : 1;
        var slots = new List<int>();
        var sources = new List<int>();
        for (int s = 0; s < nSource; s++)
        {
            if (_synapses.TryProjectionRun(projection, s, out int from, out int to))
            {
                for (int i = from; i < to; i++) { slots.Add(i); sources.Add(sFirst + s); }
                continue;
            }
            // The only projection from this source population into the target's with this receptor: its synapses are
            // those of the row that go there, in generation order.
            for (int i = _synapses.RowStart[sFirst + s]; i < _synapses.RowStart[sFirst + s + 1]; i++)
            {
                uint packed = _synapses.Packed[i];
                int target = _synapses.Target(packed);
                if (target >= tLocal && target < tEnd && _synapses.Receptor(packed) == receptor) { slots.Add(i); sources.Add(sFirst + s); }
            }
        }
        // Rows are visited by source and each row's run in generation order, so numbering the synapses in this order
        // and sorting by (target, number) gives (target, source, generation order).
        var localGid = LocalGids();
        var keys = new long[slots.Count];
        var order = new int[slots.Count];
        for (int k = 0; k < keys.Length; k++)
        {
            keys[k] = (long)localGid[_synapses.Target(_synapses.Packed[slots[k]])] << 32 | (uint)k;
            order[k] = k;
        }
        Array.Sort(keys, order);
        return (order.Select(k => slots[k]).ToArray(), order.Select(k => sources[k]).ToArray());
    }

    [BetweenRuns]
    private int[] LocalGids()
    {
        if (_localGid is { } known) return known;
        var gids = new int[_localCount];
        for (int g = 0; g < _groups.Length; g++)
            for (int i = 0; i < _groups[g].Count; i++) gids[_groupLocalStart[g] + i] = _groupFirstGid[g] + i;
        return _localGid = gids;
    }
}
