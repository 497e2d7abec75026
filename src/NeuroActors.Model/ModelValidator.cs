using System.Globalization;

namespace NeuroActors.Model;

/// <summary>Semantic checks of a <see cref="NetworkSpec"/>; each error names the YAML path of the problem.</summary>
public static class ModelValidator
{
    /// <summary>Returns every problem found (empty when the model is valid).</summary>
    public static IReadOnlyList<ModelError> Validate(NetworkSpec spec)
    {
        // Capped: a model built in code with millions of bad values still gives a bounded list (ModelErrors.More counts the rest).
        var e = new ModelErrors();
        var sim = spec.Simulation;
        if (!(sim.DtMs > 0) || double.IsInfinity(sim.DtMs)) e.Add(new("simulation.dt", Show(sim.DtMs), "the time step must be a positive number of ms"));
        if (!(sim.DurationMs > 0) || double.IsInfinity(sim.DurationMs)) e.Add(new("simulation.duration", Show(sim.DurationMs), "the duration must be a positive number of ms"));
        else if (sim.DtMs > 0 && Math.Abs(sim.DurationMs / sim.DtMs - Math.Round(sim.DurationMs / sim.DtMs)) > 1e-6)
            e.Add(new("simulation.duration", Show(sim.DurationMs), $"the duration must be a whole number of steps of {Show(sim.DtMs)} ms"));
        if (string.IsNullOrWhiteSpace(sim.Name)) e.Add(new("simulation.name", "''", "a name must not be empty"));
        MaxNeurons(sim.MaxNeuronsPerShard, "simulation.max_neurons_per_shard", e);
        if (sim.TimeScale is { } scale && !(scale > 0 && scale < 1e6))
            e.Add(new("simulation.time_scale", Show(scale), "wall time per biological time must be a positive number (1 = real time, 10 = ten times slower)"));
        if (sim.LoihiProfile is { } profile && !SimulationSpec.LoihiProfiles.Contains(profile))
            e.Add(new("simulation.loihi.profile", $"'{profile}'", $"valid profiles are: {string.Join(", ", SimulationSpec.LoihiProfiles)}"));
        double dt = sim.DtMs > 0 ? sim.DtMs : 1;

        var names = new HashSet<string>();
        if (spec.Populations.Count == 0) e.Add(new("populations", "an empty list", "a model needs at least one population"));
        for (int i = 0; i < spec.Populations.Count; i++) Population(spec.Populations[i], $"populations[{i}]", names, dt, e);
        string known = names.Count == 0 ? "(none)" : string.Join(", ", names);
        if (spec.TotalNeurons > PopulationSpec.MaxSize)
            e.Add(new("populations", $"{spec.TotalNeurons:N0} neurons in all",
                $"a network holds at most {PopulationSpec.MaxSize:N0} neurons (global neuron ids are 32-bit)"));

        for (int i = 0; i < spec.Projections.Count; i++) Projection(spec, spec.Projections[i], $"projections[{i}]", known, dt, e);
        PlasticLabels(spec, e);
        for (int i = 0; i < spec.Stimuli.Count; i++) Stimulus(spec, spec.Stimuli[i], $"stimuli[{i}]", known, e);
        for (int i = 0; i < spec.Recorders.Count; i++) Recorder(spec, i, $"recorders[{i}]", known, e);
        return e;
    }

    /// <summary>Throws <see cref="ModelException"/> when <see cref="Validate"/> finds anything.</summary>
    public static void ThrowIfInvalid(NetworkSpec spec)
    {
        var errors = Validate(spec);
        if (errors.Count > 0) throw new ModelException(errors);
    }

    internal static string Show(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Population(PopulationSpec pop, string path, HashSet<string> names, double dt, ModelErrors e)
    {
        if (string.IsNullOrWhiteSpace(pop.Name)) e.Add(new($"{path}.name", "''", "a population needs a non-empty name"));
        else if (!names.Add(pop.Name)) e.Add(new($"{path}.name", $"'{pop.Name}'", "population names must be unique"));
        if (pop.Size < 1) e.Add(new($"{path}.size", pop.Size.ToString(CultureInfo.InvariantCulture), "a population needs at least 1 neuron"));
        MaxNeurons(pop.MaxNeuronsPerShard, $"{path}.max_neurons_per_shard", e);
        if (pop.Backend is { } backend && !PopulationSpec.IsBackendName(backend))
            e.Add(new($"{path}.backend", $"'{backend}'", $"a backend name starts with a lowercase letter and holds lowercase letters, digits and '-' (e.g. {PopulationSpec.DefaultBackend}); leave the field out for {PopulationSpec.DefaultBackend}"));
        var info = pop.Model;
        if (info.NativeBackend is { } native && pop.Backend is { } chosen && chosen != native && PopulationSpec.IsBackendName(chosen))
            e.Add(new($"{path}.backend", $"'{chosen}'", $"{info.YamlName} runs only on backend {native}, which implements it " +
                $"(the float kernel, {PopulationSpec.DefaultBackend}, has no fixed-point compartment); leave the field out or write {native}"));
        foreach (var (name, value) in pop.Parameters)
        {
            // Parameters of every population (tau_minus) are read outside the model's equations; a spike source has none.
            var p = info.Parameters.FirstOrDefault(x => x.Name == name) ?? (info.IsSource ? null : PopulationParameters.Find(name));
            if (p is null)
            {
                e.Add(new($"{path}.parameters.{name}", $"'{name}'", info.Parameters.Count == 0
                    ? $"{info.YamlName} takes no parameters"
                    : $"not a parameter of {info.YamlName}; valid parameters are: {string.Join(", ", info.Parameters.Select(x => x.Name))}"));
                continue;
            }
            if (p.Refusal(value) is { } rule) e.Add(new($"{path}.parameters.{name}", Show(value), rule));
        }
        ParameterLists(pop, path, e);
        if (info == NeuronModel.LoihiLif) ResetOffsets(pop, path, e);
        if (info.NativeBackend is null && pop.OnLoihi) Quantisable(pop, path, dt, e);
        if (info.ResetBelowThreshold && pop.Param("v_reset") >= pop.Param("v_th"))
            e.Add(new($"{path}.parameters.v_reset", Show(pop.Param("v_reset")), $"the reset must lie below the threshold v_th = {Show(pop.Param("v_th"))} mV"));
        foreach (var (name, dist) in pop.Initial)
        {
            if (!info.StateVariables.Contains(name))
                e.Add(new($"{path}.initial.{name}", $"'{name}'", info.StateVariables.Count == 0
                    ? $"{info.YamlName} has no state variables"
                    : $"not a state variable of {info.YamlName}; valid variables are: {string.Join(", ", info.StateVariables)}"));
            Distribution(dist, $"{path}.initial.{name}", e);
            if (info.Variables.FirstOrDefault(v => v.Name == name)?.Integer is { } range) IntegerInitial(dist, range, $"{path}.initial.{name}", e);
        }
        InitialLists(pop, path, e);
        if (pop.Rates is { } rates)
        {
            if (pop.Model != NeuronModel.PoissonSource) e.Add(new($"{path}.rates", "a list", "only poisson_source populations take per-neuron rates"));
            else if (rates.Length != pop.Size) e.Add(new($"{path}.rates", $"{rates.Length} rates", $"give one rate per neuron ({pop.Size})"));
            for (int i = 0; i < rates.Length; i++)
                if (!(rates[i] >= 0) || double.IsInfinity(rates[i])) e.Add(new($"{path}.rates[{i}]", Show(rates[i]), "a rate must be a finite number of Hz >= 0"));
        }
        if (pop.Model == NeuronModel.SpikeSourceArray)
        {
            if (pop.SpikeTimes is null) e.Add(new($"{path}.spike_times", "nothing", "a spike_source_array needs spike_times: one list of times (ms) per neuron"));
            else if (pop.SpikeTimes.Count != pop.Size) e.Add(new($"{path}.spike_times", $"{pop.SpikeTimes.Count} lists", $"give one list of times per neuron ({pop.Size})"));
        }
        else if (pop.SpikeTimes is not null) e.Add(new($"{path}.spike_times", "a list", "only spike_source_array populations take spike_times"));
        if (pop.SpikeTimes is { } times)
            for (int i = 0; i < times.Count; i++)
                for (int k = 0; k < times[i].Length; k++)
                {
                    // A spike is stamped at the end of its step, so the earliest time a source can emit is dt.
                    if (!(Math.Round(times[i][k] / dt) >= 1) || double.IsInfinity(times[i][k]))
                        e.Add(new($"{path}.spike_times[{i}][{k}]", Show(times[i][k]), $"spike times must be finite and at least dt ({Show(dt)} ms)"));
                    else if (k > 0 && times[i][k] < times[i][k - 1])
                        e.Add(new($"{path}.spike_times[{i}][{k}]", Show(times[i][k]), $"spike times must be sorted: the previous one is {Show(times[i][k - 1])} ms"));
                }
    }

    // A plastic projection's weights are read, written and recorded by its label, so two projections sharing one (two
    // unnamed projections between the same populations) would mix their weights up.
    private static void PlasticLabels(NetworkSpec spec, ModelErrors e)
    {
        for (int j = 0; j < spec.Projections.Count; j++)
        {
            var pr = spec.Projections[j];
            if (pr.Synapse.Plasticity is null) continue;
            int other = spec.Projections.ToList().FindIndex(p => p.Label == pr.Label && !ReferenceEquals(p, pr));
            if (other >= 0)
                e.Add(new($"projections[{j}]", $"'{pr.Label}'", $"projections[{other}] has the same label; a plastic projection's label must be its own (its weights are read, written and recorded by it): give one of them a name"));
        }
    }

    private static void Projection(NetworkSpec spec, ProjectionSpec pr, string path, string known, double dt, ModelErrors e)
    {
        var source = Lookup(spec, pr.Source, $"{path}.source", known, e);
        var target = Lookup(spec, pr.Target, $"{path}.target", known, e);
        if (target is { Model.IsSource: true })
            e.Add(new($"{path}.target", $"'{pr.Target}'", $"{target.Model.YamlName} populations emit spikes but cannot receive them"));
        LoihiSynapse(pr.Synapse, target, $"{path}.synapse", e);
        var c = pr.Connector;
        string cPath = $"{path}.connector";
        bool recurrent = pr.Source == pr.Target;
        switch (c.Kind)
        {
            case ConnectorKind.OneToOne when source is not null && target is not null && source.Size != target.Size:
                e.Add(new($"{cPath}.rule", "one_to_one", $"one_to_one needs populations of equal size ({pr.Source}: {source.Size}, {pr.Target}: {target.Size})"));
                break;
            case ConnectorKind.FixedProbability when !(c.Probability >= 0 && c.Probability <= 1):
                e.Add(new($"{cPath}.p", Show(c.Probability), "a probability must lie in [0, 1]"));
                break;
            case ConnectorKind.FixedInDegree or ConnectorKind.FixedOutDegree:
                string key = c.Kind == ConnectorKind.FixedInDegree ? "indegree" : "outdegree";
                var pool = c.Kind == ConnectorKind.FixedInDegree ? source : target;
                if (c.Degree < 0) e.Add(new($"{cPath}.{key}", c.Degree.ToString(CultureInfo.InvariantCulture), "a degree must be >= 0"));
                else if (pool is not null)
                {
                    int candidates = pool.Size - (recurrent && !c.AllowAutapses ? 1 : 0);
                    if (!c.AllowMultapses && c.Degree > candidates)
                        e.Add(new($"{cPath}.{key}", c.Degree.ToString(CultureInfo.InvariantCulture),
                            $"without multapses at most {candidates} distinct partners exist"));
                    else if (c.Degree > 0 && candidates < 1)
                        e.Add(new($"{cPath}.{key}", c.Degree.ToString(CultureInfo.InvariantCulture), "no partner is allowed: the only candidate is the neuron itself and autapses are off"));
                }
                break;
            case ConnectorKind.FixedTotalNumber:
                FixedTotalNumber(c, source, recurrent, cPath, e);
                break;
            case ConnectorKind.Explicit:
                var pairs = c.Pairs ?? Array.Empty<(int, int)>();
                for (int i = 0; i < pairs.Count; i++)
                {
                    if (source is not null && (pairs[i].Source < 0 || pairs[i].Source >= source.Size))
                        e.Add(new($"{cPath}.pairs[{i}]", pairs[i].Source.ToString(CultureInfo.InvariantCulture), $"a source index must lie in [0, {source.Size})"));
                    if (target is not null && (pairs[i].Target < 0 || pairs[i].Target >= target.Size))
                        e.Add(new($"{cPath}.pairs[{i}]", pairs[i].Target.ToString(CultureInfo.InvariantCulture), $"a target index must lie in [0, {target.Size})"));
                }
                break;
            case ConnectorKind.FromFile:
                ConnectionListValidator.Validate(c.Connections, source, target, pr.Synapse.Receptor, dt, cPath, e);
                // The connections carry weights and delays; the synapse's are written as zeros, so that nothing is taken twice.
                if (pr.Synapse.Weight != Model.Distribution.Constant(0) || pr.Synapse.DelayMs != Model.Distribution.Constant(0))
                    e.Add(new($"{path}.synapse", $"weight {pr.Synapse.Weight}, delay {pr.Synapse.DelayMs}",
                        "from_file takes each connection's weight and delay from its connections; give the synapse only its receptor (ConnectorSpec.SynapseOf)"));
                return;
        }
        string sPath = $"{path}.synapse";
        Distribution(pr.Synapse.Weight, $"{sPath}.weight", e);
        Distribution(pr.Synapse.DelayMs, $"{sPath}.delay", e);
        var delay = pr.Synapse.DelayMs;
        if (delay.Kind is DistributionKind.Normal or DistributionKind.Lognormal)
            e.Add(new($"{sPath}.delay", delay.ToString(), "a delay distribution must be bounded below by dt: use uniform or normal_clipped"));
        else if (delay.Minimum < dt - 1e-9)
            e.Add(new($"{sPath}.delay", delay.ToString(), $"delays must be at least one time step ({Show(dt)} ms)"));
        else if (TimeGrid.NearestStep(delay.Maximum, dt) > ushort.MaxValue)
            e.Add(new($"{sPath}.delay", delay.ToString(), $"delays must be at most {ushort.MaxValue} steps ({Show(ushort.MaxValue * dt)} ms)"));
        if (pr.Synapse.Plasticity is { } plasticity) Plasticity(plasticity, pr.Synapse, target, sPath, e);
        if (target?.Model.WeightSign == WeightSign.NonNegative && pr.Synapse.Weight.Minimum < 0)
            e.Add(new($"{sPath}.weight", pr.Synapse.Weight.ToString(), $"conductance weights ({target.Model.WeightUnit}) must be >= 0; the receptor says whether the synapse excites or inhibits"));
        if (target?.Model.WeightSign == WeightSign.MatchesReceptor && SignContradicts(pr.Synapse.Receptor, pr.Synapse.Weight.Minimum, pr.Synapse.Weight.Maximum))
            e.Add(new($"{sPath}.weight", pr.Synapse.Weight.ToString(), CurrentSignRule(target.Model, pr.Synapse.Receptor)));
    }

    /// <summary>
    /// A plastic synapse's parameters, and weights the rule can keep: in [0, Wmax] (or >= 0 for the power law), on a
    /// receptor whose weights may be positive.
    /// </summary>
    private static void Plasticity(PlasticitySpec plasticity, SynapseSpec synapse, PopulationSpec? target, string sPath, ModelErrors e)
    {
        string model = PlasticitySpec.NameOf(plasticity.Rule);
        foreach (var p in PlasticitySpec.ParametersOf(plasticity.Rule))
        {
            double value = plasticity.Value(p.Name);
            if ((p.Refusal(value) ?? (double.IsInfinity(value) ? $"{p.Meaning} must be a finite number" : null)) is { } rule)
                e.Add(new($"{sPath}.{p.Name}", Show(value), rule));
        }
        var w = synapse.Weight;
        if (w.Minimum < 0 || w.Maximum > plasticity.UpperBound)
            e.Add(new($"{sPath}.weight", w.ToString(), double.IsPositiveInfinity(plasticity.UpperBound)
                ? $"{model} weights must be >= 0 for every draw (use uniform or normal_clipped for a distribution)"
                : $"{model} weights must lie in [0, Wmax = {Show(plasticity.WMax)}] for every draw (use uniform or normal_clipped for a distribution)"));
        if (synapse.Receptor == Receptor.Inhibitory && target?.Model.WeightSign == WeightSign.MatchesReceptor)
            e.Add(new($"{sPath}.receptor", "inhibitory", $"{model} keeps weights in [0, Wmax], and {target.Model.YamlName} inhibitory weights must be <= 0: make the projection excitatory or its synapse static"));
    }

    /// <summary>
    /// The per-neuron parameters of a population: known names, models that read them per neuron, one value per neuron,
    /// each valid.
    /// </summary>
    private static void ParameterLists(PopulationSpec pop, string path, ModelErrors e)
    {
        if (pop.ParameterLists is not { } lists) return;
        var info = pop.Model;
        foreach (var (name, values) in lists)
        {
            string pPath = $"{path}.parameters.{name}";
            var p = info.Parameters.FirstOrDefault(x => x.Name == name);
            if (p is null)
            {
                e.Add(new(pPath, $"'{name}'", PopulationParameters.Find(name) is not null && !info.IsSource
                    ? $"{name} is read once for the whole population: give one number, not a list"
                    : info.Parameters.Count == 0
                        ? $"{info.YamlName} takes no parameters"
                        : $"not a parameter of {info.YamlName}; valid parameters are: {string.Join(", ", info.Parameters.Select(x => x.Name))}"));
                continue;
            }
            if (!info.PerNeuronParameters)
            {
                e.Add(new(pPath, "a list", $"{info.YamlName} reads one value per population: give one number " +
                    $"(models that take one value per neuron: {string.Join(", ", NeuronModels.Catalogue.Where(m => m.PerNeuronParameters).Select(m => m.YamlName))})"));
                continue;
            }
            if (pop.Parameters.ContainsKey(name))
                e.Add(new(pPath, "a number and a list", "give either one value for the population or one per neuron, not both"));
            if (values.Length != pop.Size)
            {
                e.Add(new(pPath, $"{values.Length} values", $"valid: one value per neuron ({pop.Size}), or one number for all"));
                continue;
            }
            for (int i = 0; i < values.Length; i++)
                if (p.Refusal(values[i]) is { } rule) e.Add(new($"{pPath}[{i}]", Show(values[i]), rule));
        }
    }

    /// <summary>The float models that <c>backend: loihi</c> quantises onto Loihi's compartment.</summary>
    public static IReadOnlyList<NeuronModel> QuantisableOnLoihi { get; } = [NeuronModel.IafPscExp, NeuronModel.SnnLeaky, NeuronModel.LeakyReadout];

    /// <summary>
    /// A float population on Loihi: a model the quantisation knows, one synaptic time constant (the compartment has one
    /// current), and a refractory period that Loihi's 6-bit counter holds.
    /// </summary>
    private static void Quantisable(PopulationSpec pop, string path, double dt, ModelErrors e)
    {
        if (!QuantisableOnLoihi.Contains(pop.Model))
        {
            e.Add(new($"{path}.backend", $"'{pop.BackendName}'", $"{pop.Model.YamlName} cannot be quantised onto Loihi; backend {PopulationSpec.LoihiBackend} runs " +
                $"{string.Join(", ", NeuronModels.Catalogue.Where(m => m.NativeBackend == PopulationSpec.LoihiBackend).Select(m => m.YamlName).Concat(QuantisableOnLoihi.Select(m => m.YamlName + " (quantised)")))}"));
            return;
        }
        if (pop.Model == NeuronModel.SnnLeaky || pop.Model == NeuronModel.LeakyReadout)
        {
            LeakyQuantisable(pop, path, e);
            return;
        }
        double ex = pop.Param("tau_syn_ex"), inh = pop.Param("tau_syn_in");
        if (ex != inh)
            e.Add(new($"{path}.parameters.tau_syn_in", Show(inh), $"Loihi's compartment has one synaptic current, so quantising {pop.Model.YamlName} onto backend " +
                $"{PopulationSpec.LoihiBackend} needs tau_syn_in = tau_syn_ex ({Show(ex)} ms)"));
        double tRef = pop.Param("t_ref");
        var counter = NeuronModel.LoihiLif.Parameters.First(p => p.Name == "refractory").Integer!;
        if (double.IsFinite(tRef) && Math.Round(tRef / dt) > counter.Max)
            e.Add(new($"{path}.parameters.t_ref", Show(tRef), $"on backend {PopulationSpec.LoihiBackend} the refractory period is at most {counter.Max} steps " +
                $"({Show(Math.Round(counter.Max * dt, 9))} ms at dt = {Show(dt)} ms), Loihi's refractory counter"));
    }

    /// <summary>The most steps a quantised snn_leaky or leaky_readout population may wait before it starts (Loihi's 6-bit refractory counter holds it).</summary>
    public const int MaxLoihiStart = 63;

    /// <summary>
    /// The training engine's neurons on Loihi (docs/loihi.md, "Quantising a trained network"): they map onto the compartment
    /// only where its structure is theirs. Loihi sets v to 0 after a spike, so an snn_leaky layer needs reset zero (either
    /// timing gives the same spikes); the compartment's current u carries no bias, so no synaptic current (alpha 0); it
    /// has no adaptive threshold; and one compartment configuration per population, so one beta and one threshold.
    /// </summary>
    private static void LeakyQuantisable(PopulationSpec pop, string path, ModelErrors e)
    {
        string on = $"on backend {PopulationSpec.LoihiBackend}";
        if (pop.Model == NeuronModel.SnnLeaky)
        {
            for (int i = 0; i < (pop.IsPerNeuron("reset") ? pop.Size : 1); i++)
            {
                double reset = pop.Param("reset", i);
                if (reset == 1) continue;
                string name = NeuronModel.SnnLeaky.Parameters.First(p => p.Name == "reset").Choices![(int)reset];
                e.Add(new($"{path}.parameters.reset", $"'{name}'", $"population {pop.Name}: reset {name} cannot run {on} " +
                    "(Loihi sets v to 0 after a spike): train with 'reset: zero', or run it on the cpu backend"));
                break;
            }
            if (Enumerable.Range(0, pop.IsPerNeuron("adapt_strength") ? pop.Size : 1).Any(i => pop.Param("adapt_strength", i) != 0))
                e.Add(new($"{path}.parameters.adapt_strength", Show(pop.Param("adapt_strength")), $"population {pop.Name}: an adaptive threshold cannot run {on} " +
                    "(the compartment's threshold is fixed); train without adaptation, or run it on the cpu backend"));
            PopulationWide(pop, "threshold", path, on, "learn_threshold", e);
        }
        if (Enumerable.Range(0, pop.IsPerNeuron("alpha") ? pop.Size : 1).Any(i => pop.Param("alpha", i) != 0))
            e.Add(new($"{path}.parameters.alpha", Show(pop.Param("alpha")), $"population {pop.Name}: a synaptic current (alpha > 0) is not mapped {on} " +
                "(the bias would have to pass through the compartment's current u); train with alpha 0, or run it on the cpu backend"));
        PopulationWide(pop, "beta", path, on, "learn_beta", e);
        PopulationWide(pop, "start", path, on, null, e);
        if (pop.Param("start", 0) > MaxLoihiStart)
            e.Add(new($"{path}.parameters.start", Show(pop.Param("start", 0)), $"population {pop.Name}: {on} a population starts within {MaxLoihiStart} steps " +
                "(Loihi's refractory counter holds it until then)"));
    }

    /// <summary>A parameter of a quantised population that must be one value for all of it (one compartment configuration).</summary>
    private static void PopulationWide(PopulationSpec pop, string name, string path, string on, string? learned, ModelErrors e)
    {
        if (!pop.IsPerNeuron(name)) return;
        double first = pop.Param(name, 0);
        for (int i = 1; i < pop.Size; i++)
        {
            if (pop.Param(name, i) == first) continue;
            e.Add(new($"{path}.parameters.{name}[{i}]", Show(pop.Param(name, i)), $"population {pop.Name}: {on} {name} is one value for the population " +
                $"(one compartment configuration), and neuron 0 has {Show(first)}" + (learned is null ? "" : $"; train without {learned}")));
            return;
        }
    }

    /// <summary>
    /// loihi_lif's reset phase: within the period when there is one (reset_offset &lt; reset_interval), 0 when there
    /// is none. Only the first neuron that breaks it is named.
    /// </summary>
    private static void ResetOffsets(PopulationSpec pop, string path, ModelErrors e)
    {
        bool perNeuron = pop.IsPerNeuron("reset_interval") || pop.IsPerNeuron("reset_offset");
        int count = perNeuron ? pop.Size : 1;
        for (int i = 0; i < count; i++)
        {
            double interval = pop.Param("reset_interval", i), offset = pop.Param("reset_offset", i);
            // Values outside their own ranges are reported as such above.
            if (!(interval >= 0) || !(offset >= 0) || (interval > 0 ? offset < interval : offset == 0)) continue;
            string where = pop.IsPerNeuron("reset_offset") ? $"{path}.parameters.reset_offset[{i}]" : $"{path}.parameters.reset_offset";
            e.Add(new(where, Show(offset), interval > 0
                ? $"valid: an integer in 0..{Show(interval - 1)} (below reset_interval = {Show(interval)}{(perNeuron && count > 1 ? $" of neuron {i}" : "")})"
                : $"valid: 0, since reset_interval is 0 (no reset){(perNeuron && count > 1 ? $" for neuron {i}" : "")}"));
            return;
        }
    }

    /// <summary>
    /// The initial value of an integer state variable: a whole number in its range, or a distribution bounded within it
    /// (its draws are rounded to the nearest integer).
    /// </summary>
    private static void IntegerInitial(Distribution d, IntegerRange range, string path, ModelErrors e)
    {
        if (d.IsConstant)
        {
            if (!range.Contains(d.Value)) e.Add(new(path, d.ToString(), $"valid: {range.Describe()}"));
        }
        else if (!(d.Minimum >= range.Min && d.Maximum <= range.Max))
            e.Add(new(path, d.ToString(), $"valid: {range.Describe()}, a list of them (one per neuron), or a distribution bounded within " +
                $"{range.Min}..{range.Max} (uniform or normal_clipped; draws are rounded to the nearest integer)"));
    }

    /// <summary>The per-neuron initial values of a population: state variables of its model, one value per neuron, each valid.</summary>
    private static void InitialLists(PopulationSpec pop, string path, ModelErrors e)
    {
        if (pop.InitialLists is not { } lists) return;
        var info = pop.Model;
        foreach (var (name, values) in lists)
        {
            string vPath = $"{path}.initial.{name}";
            var variable = info.Variables.FirstOrDefault(v => v.Name == name);
            if (variable is null)
            {
                e.Add(new(vPath, $"'{name}'", info.StateVariables.Count == 0
                    ? $"{info.YamlName} has no state variables"
                    : $"not a state variable of {info.YamlName}; valid variables are: {string.Join(", ", info.StateVariables)}"));
                continue;
            }
            if (pop.Initial.ContainsKey(name))
                e.Add(new(vPath, "a distribution and a list", "give either one value or distribution for the population or one value per neuron, not both"));
            if (values.Length != pop.Size)
            {
                e.Add(new(vPath, $"{values.Length} values", $"valid: one value per neuron ({pop.Size}), or one value or distribution for all"));
                continue;
            }
            for (int i = 0; i < values.Length; i++)
            {
                if (variable.Integer is { } range ? !range.Contains(values[i]) : !double.IsFinite(values[i]))
                    e.Add(new($"{vPath}[{i}]", Show(values[i]), variable.Integer is { } r ? $"valid: {r.Describe()}" : "expected a finite number"));
            }
        }
    }

    /// <summary>
    /// A synapse's Loihi fields: only into populations on Loihi (loihi_lif, or a float model with backend: loihi), and
    /// within Loihi's ranges.
    /// </summary>
    private static void LoihiSynapse(SynapseSpec synapse, PopulationSpec? target, string sPath, ModelErrors e)
    {
        foreach (var (key, value, range) in new[]
                 {
                     ("weight_exp", synapse.WeightExp, SynapseSpec.WeightExpRange),
                     ("num_weight_bits", synapse.NumWeightBits, SynapseSpec.NumWeightBitsRange),
                 })
        {
            if (value is not { } v) continue;
            string vText = v.ToString(CultureInfo.InvariantCulture);
            if (target is not null && !target.OnLoihi)
                e.Add(new($"{sPath}.{key}", vText, $"{key} is for projections into Loihi populations (model loihi_lif, or backend: {PopulationSpec.LoihiBackend}); " +
                    $"{target.Name} runs on backend {target.BackendName}: leave the field out"));
            else if (!range.Contains(v))
                e.Add(new($"{sPath}.{key}", vText, $"valid: {range.Describe()}"));
        }
    }

    private static void FixedTotalNumber(ConnectorSpec c, PopulationSpec? source, bool recurrent, string cPath, ModelErrors e)
    {
        string n = c.TotalNumber.ToString(CultureInfo.InvariantCulture);
        if (c.TotalNumber < 0) e.Add(new($"{cPath}.n", n, "the number of synapses must be >= 0"));
        // Every synapse is drawn independently, so a pair can come up twice; NEST does not implement the opposite either.
        if (!c.AllowMultapses)
            e.Add(new($"{cPath}.multapses", "false", "fixed_total_number draws every synapse independently and allows multapses only (as in NEST); leave multapses out or set it to true"));
        if (c.TotalNumber > 0 && recurrent && !c.AllowAutapses && source is { Size: 1 })
            e.Add(new($"{cPath}.n", n, "no pair is allowed: the only neuron is both source and target and autapses are off"));
    }

    /// <summary>
    /// A model whose weights match their receptor (iaf_psc_exp) keeps separate excitatory and inhibitory currents with
    /// their own time constants, so a weight whose sign contradicts its receptor would be a depolarising "inhibitory"
    /// current: almost surely a mistake.
    /// </summary>
    internal static bool SignContradicts(Receptor receptor, double minimum, double maximum) =>
        receptor == Receptor.Excitatory ? minimum < 0 : maximum > 0;

    internal static string CurrentSignRule(NeuronModel model, Receptor receptor) => receptor == Receptor.Excitatory
        ? $"{model.YamlName} excitatory weights ({model.WeightUnit}) must be >= 0 for every draw (use uniform or normal_clipped for a distribution)"
        : $"{model.YamlName} inhibitory weights ({model.WeightUnit}) must be <= 0 for every draw (use uniform or normal_clipped for a distribution)";

    private static void Stimulus(NetworkSpec spec, StimulusSpec st, string path, string known, ModelErrors e)
    {
        var target = Lookup(spec, st.Target, $"{path}.target", known, e);
        if (target is { Model.IsSource: true })
            e.Add(new($"{path}.target", $"'{st.Target}'", "spike sources cannot be stimulated"));
        Indices(st.Neurons, target, $"{path}.neurons", e);
        if (target is not null && target.Model == NeuronModel.LoihiLif && st.Kind is StimulusKind.DcCurrent or StimulusKind.StepCurrent)
            e.Add(new($"{path}.type", st.Kind == StimulusKind.DcCurrent ? "'dc'" : "'step_current'",
                $"{target.Model.YamlName} has no current input in pA: its constant input is the bias (parameters bias_mant, bias_exp); drive it with spikes (poisson_generator, spike sources)"));
        else if (target is not null && (target.Model == NeuronModel.SnnLeaky || target.Model == NeuronModel.LeakyReadout)
                 && st.Kind is StimulusKind.DcCurrent or StimulusKind.StepCurrent)
            e.Add(new($"{path}.type", st.Kind == StimulusKind.DcCurrent ? "'dc'" : "'step_current'",
                $"{target.Model.YamlName} is unitless and has no current input in pA: its constant input is the parameter bias; drive it with spikes (poisson_generator, spike sources)"));
        else if (target is not null && target.OnLoihi && st.Kind is StimulusKind.DcCurrent or StimulusKind.StepCurrent)
            e.Add(new($"{path}.type", st.Kind == StimulusKind.DcCurrent ? "'dc'" : "'step_current'",
                $"{target.Name} is quantised onto Loihi (backend: {PopulationSpec.LoihiBackend}), whose compartment has no time-dependent current input: give a constant current as parameters.i_e (it becomes the bias), or drive it with spikes"));
        int count = st.Neurons?.Count ?? target?.Size ?? 0;
        if (!(st.StartMs >= 0) || double.IsInfinity(st.StartMs)) e.Add(new($"{path}.start", Show(st.StartMs), "a start time must be finite and >= 0 ms"));
        if (!(st.StopMs > st.StartMs)) e.Add(new($"{path}.stop", Show(st.StopMs), $"the stop time must come after the start ({Show(st.StartMs)} ms)"));
        switch (st.Kind)
        {
            case StimulusKind.PoissonGenerator:
                if (!(st.RateHz >= 0) || double.IsInfinity(st.RateHz)) e.Add(new($"{path}.rate", Show(st.RateHz), "a rate must be a finite number of Hz >= 0"));
                if (st.Rates is { } rates)
                {
                    if (rates.Length != count) e.Add(new($"{path}.rates", $"{rates.Length} rates", $"give one rate per targeted neuron ({count})"));
                    for (int i = 0; i < rates.Length; i++)
                        if (!(rates[i] >= 0) || double.IsInfinity(rates[i])) e.Add(new($"{path}.rates[{i}]", Show(rates[i]), "a rate must be a finite number of Hz >= 0"));
                }
                PoissonWeight(st, target, path, e);
                break;
            case StimulusKind.InhomogeneousPoissonGenerator:
                RateSegments(st, path, spec.Simulation.DtMs, e);
                PoissonWeight(st, target, path, e);
                break;
            case StimulusKind.DcCurrent:
                if (!double.IsFinite(st.AmplitudePa)) e.Add(new($"{path}.amplitude", Show(st.AmplitudePa), "a current must be a finite number of pA"));
                break;
            case StimulusKind.StepCurrent:
                var times = st.TimesMs ?? Array.Empty<double>();
                var amps = st.AmplitudesPa ?? Array.Empty<double>();
                if (times.Length != amps.Length) e.Add(new($"{path}.amplitudes", $"{amps.Length} amplitudes", $"give one amplitude per time ({times.Length})"));
                for (int i = 0; i < times.Length; i++)
                    if (!(times[i] >= 0) || double.IsInfinity(times[i]) || (i > 0 && times[i] <= times[i - 1]))
                        e.Add(new($"{path}.times[{i}]", Show(times[i]), "times must be finite, >= 0 and strictly increasing"));
                for (int i = 0; i < amps.Length; i++)
                    if (!double.IsFinite(amps[i])) e.Add(new($"{path}.amplitudes[{i}]", Show(amps[i]), "a current must be a finite number of pA"));
                break;
        }
    }

    private static void PoissonWeight(StimulusSpec st, PopulationSpec? target, string path, ModelErrors e)
    {
        if (double.IsNaN(st.Weight) || double.IsInfinity(st.Weight))
            e.Add(new($"{path}.weight", Show(st.Weight), "a weight must be a finite number"));
        if (target?.Model.WeightSign == WeightSign.NonNegative && st.Weight < 0)
            e.Add(new($"{path}.weight", Show(st.Weight), $"conductance weights ({target.Model.WeightUnit}) must be >= 0; the receptor says whether input excites or inhibits"));
        if (target?.Model.WeightSign == WeightSign.MatchesReceptor && SignContradicts(st.Receptor, st.Weight, st.Weight))
            e.Add(new($"{path}.weight", Show(st.Weight), CurrentSignRule(target.Model, st.Receptor)));
    }

    /// <summary>
    /// The segments of an inhomogeneous Poisson generator: one rate per time, times on distinct grid steps in increasing
    /// order (a time is rounded to the grid, as NEST rounds those within half a step), rates finite and >= 0.
    /// </summary>
    private static void RateSegments(StimulusSpec st, string path, double dt, ModelErrors e)
    {
        var times = st.RateTimesMs ?? [];
        var rates = st.RateValuesHz ?? [];
        if (times.Length == 0) e.Add(new($"{path}.rate_times", "an empty list", "give at least one time (ms) at which the rate changes"));
        if (rates.Length != times.Length)
            e.Add(new($"{path}.rate_values", $"{rates.Length} rates", $"give one rate per time in rate_times ({times.Length})"));
        for (int i = 0; i < times.Length; i++)
        {
            if (!(times[i] >= 0) || double.IsInfinity(times[i]))
                e.Add(new($"{path}.rate_times[{i}]", Show(times[i]), "a time must be finite and >= 0 ms"));
            else if (i > 0 && !(Math.Round(times[i] / dt) > Math.Round(times[i - 1] / dt)))
                e.Add(new($"{path}.rate_times[{i}]", Show(times[i]), $"times must be strictly increasing, on distinct steps of dt ({Show(dt)} ms): the previous one is {Show(times[i - 1])} ms"));
        }
        for (int i = 0; i < rates.Length; i++)
            if (!(rates[i] >= 0) || double.IsInfinity(rates[i]))
                e.Add(new($"{path}.rate_values[{i}]", Show(rates[i]), "a rate must be a finite number of Hz >= 0"));
    }

    private static void Recorder(NetworkSpec spec, int index, string path, string known, ModelErrors e)
    {
        var rec = spec.Recorders[index];
        if (rec.Kind == RecorderKind.Weights)
        {
            WeightRecorder(spec, index, path, e);
            return;
        }
        var pop = Lookup(spec, rec.Population, $"{path}.population", known, e);
        Indices(rec.Neurons, pop, $"{path}.neurons", e);
        if (rec.Kind != RecorderKind.State) return;
        if (rec.IntervalSteps < 1) e.Add(new($"{path}.interval", rec.IntervalSteps.ToString(CultureInfo.InvariantCulture), "the interval is a whole number of steps >= 1"));
        if (pop is null) return;
        var info = pop.Model;
        var variables = rec.Variables ?? Array.Empty<string>();
        if (variables.Count == 0) e.Add(new($"{path}.variables", "an empty list", $"name at least one of: {string.Join(", ", info.StateVariables)}"));
        for (int i = 0; i < variables.Count; i++)
            if (!info.StateVariables.Contains(variables[i]))
                e.Add(new($"{path}.variables[{i}]", $"'{variables[i]}'", info.StateVariables.Count == 0
                    ? $"{info.YamlName} has no state variables to record"
                    : $"valid variables of {info.YamlName} are: {string.Join(", ", info.StateVariables)}"));
            else if (spec.Recorders.Take(index).ToList().FindIndex(r => r.Kind == RecorderKind.State && r.Population == rec.Population
                         && (r.Variables ?? []).Contains(variables[i])) is var earlier and >= 0)
                e.Add(new($"{path}.variables[{i}]", $"'{variables[i]}'",
                    $"recorders[{earlier}] already records {rec.Population}.{variables[i]}; record all the neurons you need in one recorder"));
    }

    private static void WeightRecorder(NetworkSpec spec, int index, string path, ModelErrors e)
    {
        var rec = spec.Recorders[index];
        string name = rec.Projection ?? "";
        var projection = spec.Projections.FirstOrDefault(p => p.Label == name);
        if (projection is null)
        {
            e.Add(new($"{path}.projection", $"'{name}'", $"no projection has that name; the plastic projections are: {PlasticLabels(spec)}"));
            return;
        }
        if (projection.Synapse.Plasticity is null)
        {
            e.Add(new($"{path}.projection", $"'{name}'", $"the projection is static and its weights never change; the plastic projections are: {PlasticLabels(spec)}"));
            return;
        }
        int earlier = spec.Recorders.Take(index).ToList().FindIndex(r => r.Kind == RecorderKind.Weights && r.Projection == name);
        if (earlier >= 0)
            e.Add(new($"{path}.projection", $"'{name}'", $"recorders[{earlier}] already records its weights; record all the synapses you need in one recorder"));
        var source = spec.Populations.FirstOrDefault(p => p.Name == projection.Source);
        var target = spec.Populations.FirstOrDefault(p => p.Name == projection.Target);
        Indices(rec.Sources, source, $"{path}.sources", e);
        Indices(rec.Targets, target, $"{path}.targets", e);
        if (source is null || target is null) return;
        long pairs = (long)(rec.Sources?.Count ?? source.Size) * (rec.Targets?.Count ?? target.Size);
        if (pairs > RecorderSpec.MaxWeightPairs)
            e.Add(new($"{path}.sources", $"{rec.Sources?.Count ?? source.Size} sources × {rec.Targets?.Count ?? target.Size} targets",
                $"a weight recorder covers at most {RecorderSpec.MaxWeightPairs:N0} (source, target) pairs; list fewer sources or targets"));
    }

    private static string PlasticLabels(NetworkSpec spec)
    {
        var labels = spec.Projections.Where(p => p.Synapse.Plasticity is not null).Select(p => $"'{p.Label}'").ToList();
        return labels.Count == 0 ? "(none)" : string.Join(", ", labels);
    }

    private static void MaxNeurons(int? value, string path, ModelErrors e)
    {
        if (value is < 1) e.Add(new(path, value.Value.ToString(CultureInfo.InvariantCulture), "a shard holds at least 1 neuron of a population"));
    }

    private static PopulationSpec? Lookup(NetworkSpec spec, string name, string path, string known, ModelErrors e)
    {
        var pop = spec.Populations.FirstOrDefault(p => p.Name == name);
        if (pop is null) e.Add(new(path, $"'{name}'", $"no population has that name; the populations are: {known}"));
        return pop;
    }

    private static void Indices(IReadOnlyList<int>? neurons, PopulationSpec? pop, string path, ModelErrors e)
    {
        if (neurons is null || pop is null) return;
        if (neurons.Count == 0) e.Add(new(path, "an empty list", "omit 'neurons' to mean all, or name at least one"));
        var seen = new HashSet<int>();
        for (int i = 0; i < neurons.Count; i++)
        {
            if (neurons[i] < 0 || neurons[i] >= pop.Size)
                e.Add(new($"{path}[{i}]", neurons[i].ToString(CultureInfo.InvariantCulture), $"a neuron index of '{pop.Name}' must lie in [0, {pop.Size})"));
            else if (!seen.Add(neurons[i]))
                e.Add(new($"{path}[{i}]", neurons[i].ToString(CultureInfo.InvariantCulture), "each neuron may be listed once"));
        }
    }

    private static void Distribution(Distribution d, string path, ModelErrors e)
    {
        // Every parameter finite: an infinite mean, spread or bound draws infinities that end as NaN potentials.
        bool bad = d.Kind switch
        {
            DistributionKind.Constant => !double.IsFinite(d.Value),
            DistributionKind.Uniform => !(d.Low < d.High) || double.IsInfinity(d.Low) || double.IsInfinity(d.High),
            DistributionKind.Normal => !(d.Std >= 0) || !double.IsFinite(d.Mean) || !double.IsFinite(d.Std),
            // An infinite clip bound is a one-sided clip (the microcircuit's weights), not an infinite draw.
            DistributionKind.NormalClipped => !(d.Std >= 0) || !(d.Low < d.High) || !double.IsFinite(d.Mean) || !double.IsFinite(d.Std),
            DistributionKind.Lognormal => !(d.Sigma >= 0) || !double.IsFinite(d.Mu) || !double.IsFinite(d.Sigma),
            _ => true,
        };
        if (bad)
            e.Add(new(path, d.ToString(), d.Kind switch
            {
                DistributionKind.Constant => "expected a finite number",
                DistributionKind.Uniform => "uniform needs finite low < high",
                DistributionKind.Normal => "normal needs a finite mean and a finite std >= 0",
                DistributionKind.NormalClipped => "normal_clipped needs a finite mean, a finite std >= 0 and low < high",
                _ => "lognormal needs a finite mu and a finite sigma >= 0",
            }));
    }
}
