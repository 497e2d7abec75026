using NeuroActors.Model.Files;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Model;

/// <summary>Loads YAML model files (format: docs/model-format.md) into validated <see cref="NetworkSpec"/>s.</summary>
public static class ModelLoader
{
    private static readonly string[] Connectors = { "all_to_all", "one_to_one", "fixed_probability", "fixed_indegree", "fixed_outdegree", "fixed_total_number", "explicit", "from_file" };
    private static readonly string[] StimulusTypes = { "poisson_generator", "dc", "step_current", "inhomogeneous_poisson_generator" };

    /// <summary>Parses and validates YAML text; throws <see cref="ModelException"/> listing every problem found.</summary>
    /// <param name="yaml">The model.</param>
    /// <param name="baseDirectory">
    /// The directory that relative paths in the model (connection and spike files) are relative to: the model file's
    /// directory when loaded with <see cref="Load(string)"/>; the current directory when null.
    /// </param>
    public static NetworkSpec Parse(string yaml, string? baseDirectory = null) => Parse(yaml, baseDirectory, null);

    /// <summary>
    /// Parses and validates YAML text as <see cref="Parse(string, string?)"/> does, reading the spike trains of
    /// <c>spike_times: {file: …}</c> with <paramref name="spikeTrains"/> (<see cref="NpySpikeTrains"/>, .npy only, when
    /// null). Throws <see cref="ModelException"/> listing every problem.
    /// </summary>
    public static NetworkSpec Parse(string yaml, string? baseDirectory, ISpikeTrainReader? spikeTrains)
    {
        var errors = new ModelErrors();
        var rootNode = YamlReader.Parse(yaml, errors);
        if (rootNode is null) throw new ModelException(errors);
        var r = new YamlReader();
        var root = r.Mapping(rootNode, "$", "simulation", "populations", "projections", "stimuli", "recorders");
        var simulation = Simulation(r, root.GetValueOrDefault("simulation"));
        var files = new InputFiles(baseDirectory ?? Directory.GetCurrentDirectory(), spikeTrains ?? NpySpikeTrains.Instance, simulation.DtMs);
        var populations = r.Sequence(r.Required(root, "populations", "$", "a list of populations"), "populations")
            .Select((n, i) => Population(r, n, $"populations[{i}]", files)).ToList();
        // Lists of neuron indices are read against the largest population, so that a range never outgrows one.
        long largest = populations.Count == 0 ? 0 : populations.Max(p => (long)p.Size);
        var spec = new NetworkSpec(
            simulation,
            populations,
            r.Sequence(root.GetValueOrDefault("projections"), "projections")
                .Select((n, i) => Projection(r, n, $"projections[{i}]", baseDirectory, largest)).ToList(),
            r.Sequence(root.GetValueOrDefault("stimuli"), "stimuli")
                .Select((n, i) => Stimulus(r, n, $"stimuli[{i}]", largest)).ToList(),
            r.Sequence(root.GetValueOrDefault("recorders"), "recorders")
                .Select((n, i) => Recorder(r, n, $"recorders[{i}]", largest)).ToList());
        // Semantic checks only make sense once the structure is sound.
        if (r.Errors.Count == 0) r.Errors.AddRange(ModelValidator.Validate(spec));
        if (r.Errors.Count > 0) throw new ModelException(r.Errors);
        return spec;
    }

    /// <summary>Loads and validates a model file; files it names are found relative to its directory.</summary>
    public static NetworkSpec Load(string path) => Load(path, null);

    /// <summary>
    /// Loads and validates a model file; the files it names are found relative to its directory and spike trains are
    /// read by <paramref name="spikeTrains"/> (.npy only when null).
    /// </summary>
    public static NetworkSpec Load(string path, ISpikeTrainReader? spikeTrains) =>
        Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)), spikeTrains);

    /// <summary>Where a model's spike files are and who reads them.</summary>
    private sealed record InputFiles(string BaseDirectory, ISpikeTrainReader SpikeTrains, double DtMs);

    private static SimulationSpec Simulation(YamlReader r, YamlNode? node)
    {
        var defaults = new SimulationSpec();
        if (node is null) return defaults;
        var m = r.Mapping(node, "simulation", "name", "dt", "duration", "seed", "max_neurons_per_shard", "time_scale", "loihi");
        string? profile = m.GetValueOrDefault("loihi") is { } loihi
            ? r.String(r.Mapping(loihi, "simulation.loihi", "profile").GetValueOrDefault("profile"), "simulation.loihi.profile")
            : null;
        return new SimulationSpec(
            r.Number(m.GetValueOrDefault("dt"), "simulation.dt") ?? defaults.DtMs,
            r.Number(m.GetValueOrDefault("duration"), "simulation.duration") ?? defaults.DurationMs,
            (ulong)(r.Integer(m.GetValueOrDefault("seed"), "simulation.seed", 0) ?? (long)defaults.Seed),
            r.String(m.GetValueOrDefault("name"), "simulation.name") ?? defaults.Name,
            MaxNeurons(r, m, "simulation"),
            r.Number(m.GetValueOrDefault("time_scale"), "simulation.time_scale"),
            profile);
    }

    private static int? MaxNeurons(YamlReader r, Dictionary<string, YamlNode> m, string path)
    {
        if (r.Integer(m.GetValueOrDefault("max_neurons_per_shard"), $"{path}.max_neurons_per_shard") is not { } n) return null;
        return (int)Math.Clamp(n, int.MinValue, int.MaxValue);
    }

    private static PopulationSpec Population(YamlReader r, YamlNode node, string path, InputFiles files)
    {
        var m = r.Mapping(node, path, "name", "size", "model", "parameters", "initial", "rates", "spike_times", "max_neurons_per_shard", "backend");
        string name = r.String(r.Required(m, "name", path, "a unique population name"), $"{path}.name") ?? "";
        string modelName = r.String(r.Required(m, "model", path, "the neuron model"), $"{path}.model") ?? "";
        // An unknown model is reported and read on as iaf_psc_delta, so that the rest of the file is still checked.
        if (!NeuronModels.TryParse(modelName, out var model))
        {
            if (modelName.Length > 0)
                r.Error($"{path}.model", m["model"], $"'{modelName}'", $"valid models are: {string.Join(", ", NeuronModels.Catalogue.Select(c => c.YamlName))}");
            model = NeuronModel.IafPscDelta;
        }

        List<double[]>? spikeTimes = null;
        long? size;
        if (m.TryGetValue("spike_times", out var st) && st is YamlMappingNode)
        {
            long? given = m.ContainsKey("size") ? r.Integer(m["size"], $"{path}.size") : null;
            (spikeTimes, size) = SpikeFile(r, st, $"{path}.spike_times", given, files);
        }
        else
        {
            if (st is not null)
                spikeTimes = r.Sequence(st, $"{path}.spike_times").Select((n, i) => r.Numbers(n, $"{path}.spike_times[{i}]") ?? Array.Empty<double>()).ToList();
            size = m.ContainsKey("size") || spikeTimes is null
                ? r.Integer(r.Required(m, "size", path, "the number of neurons"), $"{path}.size")
                : spikeTimes.Count;
        }

        // A list instead of one value gives every neuron its own; the validator says which models take lists.
        var parameters = new Dictionary<string, double>();
        var parameterLists = new Dictionary<string, double[]>();
        foreach (var (key, value) in r.Mapping(m.GetValueOrDefault("parameters"), $"{path}.parameters"))
            if (value is YamlSequenceNode)
            {
                if (r.Numbers(value, $"{path}.parameters.{key}") is { } list) parameterLists[key] = list;
            }
            else if (r.Number(value, $"{path}.parameters.{key}") is { } v) parameters[key] = v;
        var initial = new Dictionary<string, Distribution>();
        var initialLists = new Dictionary<string, double[]>();
        foreach (var (key, value) in r.Mapping(m.GetValueOrDefault("initial"), $"{path}.initial"))
            if (value is YamlSequenceNode)
            {
                if (r.Numbers(value, $"{path}.initial.{key}") is { } list) initialLists[key] = list;
            }
            else if (r.Distribution(value, $"{path}.initial.{key}") is { } d) initial[key] = d;

        if (size > PopulationSpec.MaxSize)
        {
            // Never clamped: a size that does not fit would silently become another network.
            r.Error($"{path}.size", m.GetValueOrDefault("size"), size.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"a population holds at most {PopulationSpec.MaxSize:N0} neurons");
            size = 0;
        }
        // Absent lists stay null, so that the JSON form (and the fingerprint) of a model without them does not change.
        return new PopulationSpec(name, (int)Math.Max(size ?? 0, int.MinValue), model, parameters, initial,
            spikeTimes, r.Numbers(m.GetValueOrDefault("rates"), $"{path}.rates"), MaxNeurons(r, m, path),
            r.String(m.GetValueOrDefault("backend"), $"{path}.backend"),
            parameterLists.Count > 0 ? parameterLists : null,
            initialLists.Count > 0 ? initialLists : null);
    }

    /// <summary>
    /// The spike trains of <c>spike_times: {file: …, population: …}</c>, one sorted list per neuron, and the
    /// population's size: the one given, else the one the file declares, else the largest index + 1. Errors name the
    /// file and stop at the first bad spike.
    /// </summary>
    private static (List<double[]>? Times, long? Size) SpikeFile(YamlReader r, YamlNode node, string path, long? size, InputFiles files)
    {
        var m = r.Mapping(node, path, "file", "population");
        string? file = r.String(r.Required(m, "file", path, "the spike file (.npy, or SONATA .h5)"), $"{path}.file");
        string? population = r.String(m.GetValueOrDefault("population"), $"{path}.population");
        if (file is null) return (null, size);
        string full = Path.Combine(files.BaseDirectory, file);
        SpikeTrains trains;
        try
        {
            trains = files.SpikeTrains.Read(full, population);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            r.Error($"{path}.file", m["file"], $"'{file}'", ex.Message);
            return (null, size);
        }
        // A size that does not fit is refused where it is read; the file cannot be judged against it.
        if (size > PopulationSpec.MaxSize) return (null, size);
        int count = size is { } n ? (int)Math.Max(n, 0)
            : trains.DeclaredSize ?? (trains.Neurons.Length == 0 ? 0 : trains.Neurons.Max() + 1);
        // A size or dt the validator will refuse is left to it: the spikes cannot be judged against them.
        if (count < 1) return ([], count);
        bool gridKnown = files.DtMs > 0 && double.IsFinite(files.DtMs);
        for (int i = 0; i < trains.Neurons.Length; i++)
        {
            string? problem = trains.Neurons[i] >= count
                ? $"neuron index {trains.Neurons[i]} must be below the population's size ({count})"
                : gridKnown && (!(Math.Round(trains.TimesMs[i] / files.DtMs) >= 1) || double.IsInfinity(trains.TimesMs[i]))
                    ? $"time {trains.TimesMs[i].ToString("R", System.Globalization.CultureInfo.InvariantCulture)} ms of neuron {trains.Neurons[i]}: spike times must be finite and at least dt ({files.DtMs.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} ms)"
                    : null;
            if (problem is null) continue;
            r.Error($"{path}.file", m["file"], $"'{file}'", $"spike {i}: {problem}");
            return (null, count);
        }
        return (trains.PerNeuron(count).ToList(), count);
    }

    private static ProjectionSpec Projection(YamlReader r, YamlNode node, string path, string? baseDirectory, long largest)
    {
        var m = r.Mapping(node, path, "name", "source", "target", "connector", "synapse");
        string source = r.String(r.Required(m, "source", path, "the presynaptic population"), $"{path}.source") ?? "";
        string target = r.String(r.Required(m, "target", path, "the postsynaptic population"), $"{path}.target") ?? "";

        string cPath = $"{path}.connector";
        var c = r.Mapping(r.Required(m, "connector", path, "the connection rule"), cPath,
            "rule", "p", "indegree", "outdegree", "n", "autapses", "multapses", "pairs", "file", "edge_population");
        string rule = r.String(r.Required(c, "rule", cPath, string.Join(", ", Connectors)), $"{cPath}.rule") ?? "";
        var kind = rule switch
        {
            "all_to_all" => ConnectorKind.AllToAll,
            "one_to_one" => ConnectorKind.OneToOne,
            "fixed_probability" => ConnectorKind.FixedProbability,
            "fixed_indegree" => ConnectorKind.FixedInDegree,
            "fixed_outdegree" => ConnectorKind.FixedOutDegree,
            "fixed_total_number" => ConnectorKind.FixedTotalNumber,
            "explicit" => ConnectorKind.Explicit,
            "from_file" => ConnectorKind.FromFile,
            _ => (ConnectorKind)(-1),
        };
        if (kind < 0 && rule.Length > 0) r.Error($"{cPath}.rule", c["rule"], $"'{rule}'", $"valid rules are: {string.Join(", ", Connectors)}");
        if (kind >= 0)
        {
            // Options of another rule would be silently ignored; NEST refuses them too.
            string[] options = kind switch
            {
                ConnectorKind.AllToAll => ["autapses"],
                ConnectorKind.OneToOne => [],
                ConnectorKind.FixedProbability => ["p", "autapses"],
                ConnectorKind.FixedInDegree => ["indegree", "autapses", "multapses"],
                ConnectorKind.FixedOutDegree => ["outdegree", "autapses", "multapses"],
                ConnectorKind.FixedTotalNumber => ["n", "autapses", "multapses"],
                ConnectorKind.FromFile => ["file", "edge_population"],
                _ => ["pairs"],
            };
            foreach (var key in c.Keys.Where(k => k != "rule" && !options.Contains(k)))
                r.Error($"{cPath}.{key}", c[key], $"'{key}'", options.Length == 0
                    ? $"{rule} takes no options"
                    : $"{rule} takes only: {string.Join(", ", options)}");
        }
        double p = 0;
        int degree = 0;
        long total = 0;
        List<(int, int)>? pairs = null;
        ConnectionList? connections = null;
        switch (kind)
        {
            case ConnectorKind.FixedProbability:
                p = r.Number(r.Required(c, "p", cPath, "the connection probability"), $"{cPath}.p") ?? 0;
                break;
            case ConnectorKind.FixedInDegree:
                degree = (int)Math.Min(int.MaxValue, r.Integer(r.Required(c, "indegree", cPath, "sources per target"), $"{cPath}.indegree", 0) ?? 0);
                break;
            case ConnectorKind.FixedOutDegree:
                degree = (int)Math.Min(int.MaxValue, r.Integer(r.Required(c, "outdegree", cPath, "targets per source"), $"{cPath}.outdegree", 0) ?? 0);
                break;
            case ConnectorKind.FixedTotalNumber:
                total = r.Integer(r.Required(c, "n", cPath, "the number of synapses of the whole projection"), $"{cPath}.n", 0) ?? 0;
                break;
            case ConnectorKind.Explicit:
                pairs = r.Sequence(r.Required(c, "pairs", cPath, "a list of [source, target] index pairs"), $"{cPath}.pairs")
                    .Select((n, i) =>
                    {
                        var pair = r.Indices(n, $"{cPath}.pairs[{i}]", largest);
                        if (pair is { Length: 2 }) return (pair[0], pair[1]);
                        if (pair is not null) r.Error($"{cPath}.pairs[{i}]", n, $"{pair.Length} values", "expected [source index, target index]");
                        return (0, 0);
                    }).ToList();
                break;
            case ConnectorKind.FromFile:
                connections = Connections(r, c, cPath, baseDirectory);
                break;
        }
        var connector = new ConnectorSpec(kind, p, degree,
            r.Bool(c.GetValueOrDefault("autapses"), $"{cPath}.autapses") ?? true,
            r.Bool(c.GetValueOrDefault("multapses"), $"{cPath}.multapses") ?? true,
            pairs,
            total,
            connections);

        string sPath = $"{path}.synapse";
        // A from_file synapse has nothing but its receptor, which defaults, so it may be left out; its connections are
        // static. Any other synapse may name a plastic model with its parameters (see Plasticity).
        var s = kind == ConnectorKind.FromFile
            ? r.Mapping(m.GetValueOrDefault("synapse"), sPath, "receptor", "weight", "delay", "weight_exp", "num_weight_bits")
            : r.Mapping(r.Required(m, "synapse", path, "receptor, weight and delay"), sPath);
        var (weightExp, weightBits) = LoihiWeights(r, s, sPath);
        if (kind == ConnectorKind.FromFile)
        {
            // The file gives every connection its weight and delay; a second source of either would be ambiguous.
            foreach (var key in new[] { "weight", "delay" }.Where(s.ContainsKey))
                r.Error($"{sPath}.{key}", s[key], $"'{key}'", $"from_file takes each connection's {key} from its file; the synapse gives only the receptor");
            return new ProjectionSpec(source, target, connector,
                ConnectorSpec.SynapseOf(Receptor(r, s.GetValueOrDefault("receptor"), $"{sPath}.receptor")) with { WeightExp = weightExp, NumWeightBits = weightBits },
                r.String(m.GetValueOrDefault("name"), $"{path}.name"));
        }
        var synapse = new SynapseSpec(
            Receptor(r, s.GetValueOrDefault("receptor"), $"{sPath}.receptor"),
            r.Distribution(r.Required(s, "weight", sPath, "the synaptic weight"), $"{sPath}.weight") ?? Distribution.Constant(0),
            r.Distribution(r.Required(s, "delay", sPath, "the synaptic delay in ms"), $"{sPath}.delay") ?? Distribution.Constant(1),
            Plasticity(r, s, sPath), weightExp, weightBits);
        return new ProjectionSpec(source, target, connector, synapse, r.String(m.GetValueOrDefault("name"), $"{path}.name"));
    }

    private static readonly string[] SynapseKeys = ["model", "receptor", "weight", "delay"];

    /// <summary>Synapse keys of projections into Loihi populations only (the validator refuses them elsewhere).</summary>
    private static readonly string[] LoihiSynapseKeys = ["weight_exp", "num_weight_bits"];

    /// <summary>
    /// The synapse's Loihi fields, <c>weight_exp</c> and <c>num_weight_bits</c> (null when absent); the validator checks
    /// their ranges and that the target runs on Loihi.
    /// </summary>
    private static (int? WeightExp, int? NumWeightBits) LoihiWeights(YamlReader r, Dictionary<string, YamlNode> s, string sPath)
    {
        static int? Clamp(long? n) => n is { } v ? (int)Math.Clamp(v, int.MinValue, int.MaxValue) : null;
        return (Clamp(r.Integer(s.GetValueOrDefault("weight_exp"), $"{sPath}.weight_exp")),
            Clamp(r.Integer(s.GetValueOrDefault("num_weight_bits"), $"{sPath}.num_weight_bits")));
    }

    /// <summary>The synapse's plasticity (<c>model</c> and the rule's parameters), or null for a static synapse.</summary>
    private static PlasticitySpec? Plasticity(YamlReader r, Dictionary<string, YamlNode> s, string sPath)
    {
        string model = r.String(s.GetValueOrDefault("model"), $"{sPath}.model") ?? "static";
        var known = PlasticitySpec.Models.FirstOrDefault(m => m.Name == model);
        string valid = string.Join(", ", PlasticitySpec.Models.Select(m => m.Name));
        if (known.Name is null)
        {
            r.Error($"{sPath}.model", s["model"], $"'{model}'", $"valid synapse models are: {valid}");
            return null;
        }
        var parameters = known.Rule is { } rule ? PlasticitySpec.ParametersOf(rule) : [];
        var values = new Dictionary<string, double>();
        foreach (var (key, node) in s)
        {
            if (SynapseKeys.Contains(key) || LoihiSynapseKeys.Contains(key)) continue;
            if (parameters.All(p => p.Name != key))
            {
                r.Error($"{sPath}.{key}", node, $"'{key}'", parameters.Count == 0
                    ? $"a {model} synapse takes only: {string.Join(", ", SynapseKeys)} (plastic models: {valid})"
                    : $"not a parameter of {model}; valid keys are: {string.Join(", ", SynapseKeys.Concat(parameters.Select(p => p.Name)))}");
                continue;
            }
            if (r.Number(node, $"{sPath}.{key}") is { } v) values[key] = v;
        }
        return known.Rule is { } plastic ? PlasticitySpec.Create(plastic, values) : null;
    }

    /// <summary>Reads the file of a from_file connector; a file that cannot be read is one error naming the place in it.</summary>
    private static ConnectionList? Connections(YamlReader r, Dictionary<string, YamlNode> c, string cPath, string? baseDirectory)
    {
        string? file = r.String(r.Required(c, "file", cPath, $"the connection file ({string.Join(", ", ConnectionFile.Extensions)})"), $"{cPath}.file");
        string? edgePopulation = r.String(c.GetValueOrDefault("edge_population"), $"{cPath}.edge_population");
        if (string.IsNullOrEmpty(file))
        {
            if (file is not null) r.Error($"{cPath}.file", c["file"], "''", "the path of a connection file");
            return null;
        }
        string path = Path.IsPathRooted(file) ? file : Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), file);
        try
        {
            return ConnectionFile.Read(path, file, edgePopulation);
        }
        catch (ConnectionFileException ex)
        {
            r.Errors.Add(new ModelError($"{cPath}.file ({ex.Where})", ex.Value, ex.Expected));
            return null;
        }
    }

    private static Receptor Receptor(YamlReader r, YamlNode? node, string path)
    {
        switch (r.String(node, path))
        {
            case null or "excitatory": return Model.Receptor.Excitatory;
            case "inhibitory": return Model.Receptor.Inhibitory;
            case var other:
                r.Error(path, node, $"'{other}'", "valid receptors are: excitatory, inhibitory");
                return Model.Receptor.Excitatory;
        }
    }

    private static StimulusSpec Stimulus(YamlReader r, YamlNode node, string path, long largest)
    {
        var m = r.Mapping(node, path, "name", "type", "target", "neurons", "rate", "rates", "weight", "receptor",
            "amplitude", "start", "stop", "times", "amplitudes", "rate_times", "rate_values");
        string type = r.String(r.Required(m, "type", path, string.Join(", ", StimulusTypes)), $"{path}.type") ?? "";
        var kind = type switch
        {
            "poisson_generator" => StimulusKind.PoissonGenerator,
            "dc" => StimulusKind.DcCurrent,
            "step_current" => StimulusKind.StepCurrent,
            "inhomogeneous_poisson_generator" => StimulusKind.InhomogeneousPoissonGenerator,
            _ => (StimulusKind)(-1),
        };
        if (kind < 0 && type.Length > 0) r.Error($"{path}.type", m["type"], $"'{type}'", $"valid types are: {string.Join(", ", StimulusTypes)}");
        string[] allowed = kind switch
        {
            StimulusKind.PoissonGenerator => new[] { "name", "type", "target", "neurons", "rate", "rates", "weight", "receptor", "start", "stop" },
            StimulusKind.DcCurrent => new[] { "name", "type", "target", "neurons", "amplitude", "start", "stop" },
            StimulusKind.StepCurrent => new[] { "name", "type", "target", "neurons", "times", "amplitudes" },
            StimulusKind.InhomogeneousPoissonGenerator =>
                new[] { "name", "type", "target", "neurons", "rate_times", "rate_values", "weight", "receptor", "start", "stop" },
            _ => m.Keys.ToArray(),
        };
        foreach (var key in m.Keys.Where(k => !allowed.Contains(k)))
            r.Error($"{path}.{key}", m[key], $"'{key}'", $"not a setting of {type}; valid keys are: {string.Join(", ", allowed)}");

        double Num(string key, double fallback) => r.Number(m.GetValueOrDefault(key), $"{path}.{key}") ?? fallback;
        return new StimulusSpec(kind,
            r.String(r.Required(m, "target", path, "the population stimulated"), $"{path}.target") ?? "",
            r.Indices(m.GetValueOrDefault("neurons"), $"{path}.neurons", largest),
            RateHz: kind == StimulusKind.PoissonGenerator && !m.ContainsKey("rates")
                ? r.Number(r.Required(m, "rate", path, "the rate in Hz of every targeted neuron's train"), $"{path}.rate") ?? 0
                : Num("rate", 0),
            Rates: r.Numbers(m.GetValueOrDefault("rates"), $"{path}.rates"),
            Weight: kind is StimulusKind.PoissonGenerator or StimulusKind.InhomogeneousPoissonGenerator ? r.Number(r.Required(m, "weight", path, "the weight of each event"), $"{path}.weight") ?? 0 : 0,
            Receptor: Receptor(r, m.GetValueOrDefault("receptor"), $"{path}.receptor"),
            AmplitudePa: kind == StimulusKind.DcCurrent ? r.Number(r.Required(m, "amplitude", path, "the current in pA"), $"{path}.amplitude") ?? 0 : 0,
            StartMs: Num("start", 0),
            StopMs: Num("stop", double.PositiveInfinity),
            TimesMs: kind == StimulusKind.StepCurrent ? r.Numbers(r.Required(m, "times", path, "switch times in ms"), $"{path}.times") : null,
            AmplitudesPa: kind == StimulusKind.StepCurrent ? r.Numbers(r.Required(m, "amplitudes", path, "currents in pA from each time on"), $"{path}.amplitudes") : null,
            Name: r.String(m.GetValueOrDefault("name"), $"{path}.name"),
            RateTimesMs: kind == StimulusKind.InhomogeneousPoissonGenerator
                ? r.Numbers(r.Required(m, "rate_times", path, "the times in ms at which the rate changes"), $"{path}.rate_times") : null,
            RateValuesHz: kind == StimulusKind.InhomogeneousPoissonGenerator
                ? r.Numbers(r.Required(m, "rate_values", path, "the rate in Hz from each of rate_times on"), $"{path}.rate_values") : null);
    }

    private static RecorderSpec Recorder(YamlReader r, YamlNode node, string path, long largest)
    {
        var m = r.Mapping(node, path, "type", "population", "neurons", "variables", "interval", "projection", "sources", "targets");
        string type = r.String(r.Required(m, "type", path, "spikes, state or weights"), $"{path}.type") ?? "";
        var kind = type switch { "spikes" => RecorderKind.Spikes, "state" => RecorderKind.State, "weights" => RecorderKind.Weights, _ => (RecorderKind)(-1) };
        if (kind < 0 && type.Length > 0) r.Error($"{path}.type", m["type"], $"'{type}'", "valid types are: spikes, state, weights");
        if (kind == RecorderKind.Weights)
        {
            foreach (var key in new[] { "population", "neurons", "variables", "interval" }.Where(m.ContainsKey))
                r.Error($"{path}.{key}", m[key], $"'{key}'", "weight recorders take only projection, sources and targets");
            return new RecorderSpec(kind, "",
                Projection: r.String(r.Required(m, "projection", path, "the plastic projection recorded"), $"{path}.projection") ?? "",
                Sources: r.Indices(m.GetValueOrDefault("sources"), $"{path}.sources", largest),
                Targets: r.Indices(m.GetValueOrDefault("targets"), $"{path}.targets", largest));
        }
        foreach (var key in new[] { "projection", "sources", "targets" }.Where(m.ContainsKey))
            r.Error($"{path}.{key}", m[key], $"'{key}'", "only weight recorders (type: weights) take projection, sources and targets");
        if (kind == RecorderKind.Spikes)
            foreach (var key in new[] { "variables", "interval" }.Where(m.ContainsKey))
                r.Error($"{path}.{key}", m[key], $"'{key}'", "spike recorders take only population and neurons");
        List<string>? variables = null;
        if (kind == RecorderKind.State)
            variables = r.Sequence(r.Required(m, "variables", path, "the state variables to record"), $"{path}.variables")
                .Select((n, i) => r.String(n, $"{path}.variables[{i}]") ?? "").ToList();
        return new RecorderSpec(kind,
            r.String(r.Required(m, "population", path, "the population recorded"), $"{path}.population") ?? "",
            r.Indices(m.GetValueOrDefault("neurons"), $"{path}.neurons", largest),
            variables,
            (int)Math.Clamp(r.Integer(m.GetValueOrDefault("interval"), $"{path}.interval") ?? 1, int.MinValue, int.MaxValue));
    }
}
