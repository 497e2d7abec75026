using NeuroActors.Model;
using YamlDotNet.RepresentationModel;

namespace NeuroActors.Training;

/// <summary>
/// Reads a training config (YAML; format and defaults in docs/training.md, "The training config") into a validated
/// <see cref="TrainingSpec"/>. Like the model loader it collects every problem, each with its path
/// (<c>network.layers[1].beta</c>), line, value and what would be valid; unknown keys are refused. An arrays dataset
/// is read while validating, since the network's input size and the number of classes come from it.
/// </summary>
public static class TrainingConfigLoader
{
    private static readonly (string, SurrogateKind)[] Surrogates =
        [("fast_sigmoid", SurrogateKind.FastSigmoid), ("arctan", SurrogateKind.Arctan), ("triangle", SurrogateKind.Triangle),
         ("sigmoid", SurrogateKind.Sigmoid), ("exponential", SurrogateKind.Exponential)];
    private static readonly (string, LossKind)[] Losses =
        [("ce_max_membrane", LossKind.CrossEntropyMaxMembrane), ("ce_last_membrane", LossKind.CrossEntropyLastMembrane),
         ("ce_count", LossKind.CrossEntropySpikeCount), ("mse_count", LossKind.MseSpikeCount)];

    /// <summary>Largest layer, readout or dataset dimension accepted: weight matrices must fit one array.</summary>
    public const int MaxSize = 1 << 20;

    /// <summary>Reads and validates the config at <paramref name="path"/>; files it names are relative to its directory,
    /// and its name defaults to the file's name. Returns the spec, or null and the errors.</summary>
    public static (TrainingSpec? Spec, ModelErrors Errors) Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var errors = new ModelErrors();
            errors.Add(new ModelError("$", $"'{path}'", $"a readable training config ({ex.Message})"));
            return (null, errors);
        }
        return Parse(text, Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Reads and validates YAML text; files it names are relative to <paramref name="baseDirectory"/>.</summary>
    public static (TrainingSpec? Spec, ModelErrors Errors) Parse(string yaml, string baseDirectory, string defaultName = "training")
    {
        var parseErrors = new ModelErrors();
        var rootNode = string.IsNullOrWhiteSpace(yaml) ? null : YamlReader.Parse(yaml, parseErrors);
        if (rootNode is null)
        {
            // The model reader words an empty document for models; a training config says what it needs.
            if (parseErrors.Count == 0 || parseErrors[0].Value == "an empty file")
            {
                var errors = new ModelErrors();
                errors.Add(new ModelError("$", "an empty file", "a training config has dataset, network, optimizer and training"));
                return (null, errors);
            }
            return (null, parseErrors);
        }

        var r = new ConfigReader();
        var root = r.Yaml.Mapping(rootNode, "$", "dataset", "network", "optimizer", "training");
        var data = Dataset(r, r.Yaml.Required(root, "dataset", "$", "the samples (randman or arrays), test_fraction and seed"), baseDirectory);
        var network = Network(r, r.Yaml.Required(root, "network", "$", "layers, readout, surrogate, loss"), data, baseDirectory);
        var optimizer = Optimizer(r, r.Yaml.Required(root, "optimizer", "$", "kind and lr"));
        var training = Training(r, r.Yaml.Required(root, "training", "$", "batch_size, epochs, chunk_size, seed"), defaultName);
        if (r.Errors.Count > 0 || data is null || network is null || optimizer is null || training is null) return (null, r.Errors);
        var t = training.Value;
        return (new TrainingSpec(data.Value.Spec, network, optimizer, t.Batch, t.Epochs, t.Chunk, t.Seed, t.Name), r.Errors);
    }

    /// <summary>What the dataset gives the rest of the config: the spec, the input units, the classes.</summary>
    private readonly record struct DatasetInfo(DatasetSpec Spec, int Inputs, int Classes);

    private static DatasetInfo? Dataset(ConfigReader r, YamlNode? node, string baseDirectory)
    {
        if (node is null) return null;
        const string path = "dataset";
        var m = r.Yaml.Mapping(node, path, "randman", "arrays", "test_fraction", "seed");
        double? fraction = r.Number(m, "test_fraction", path, v => v >= 0 && v < 1, "the share of samples held out for testing, in [0, 1)");
        ulong? seed = r.Seed(m, "seed", path, 1);
        bool hasRandman = m.ContainsKey("randman"), hasArrays = m.ContainsKey("arrays");
        if (hasRandman == hasArrays)
        {
            r.Errors.Add(new ModelError(path, hasRandman ? "both randman and arrays" : "neither randman nor arrays", "give one of randman: {…} or arrays: {inputs, labels}"));
            return null;
        }
        DatasetSpec? spec = null;
        int inputs = 0, classes = 0, samples = 0;
        if (hasRandman)
        {
            string p = $"{path}.randman";
            var rm = r.Yaml.Mapping(m["randman"], p, "classes", "units", "steps", "dimensions", "alpha", "step_fraction", "samples_per_class");
            var d = new RandmanSpec();
            int? cls = r.Int(rm, "classes", p, d.Classes, 2, MaxSize, "the number of classes");
            int? units = r.Int(rm, "units", p, d.Units, 1, MaxSize, "input units (each fires once per sample)");
            int? steps = r.Int(rm, "steps", p, d.Steps, 1, MaxSize, "steps per sample");
            int? dims = r.Int(rm, "dimensions", p, d.Dimensions, 1, 64, "the manifold's dimension D");
            double? alpha = rm.ContainsKey("alpha") ? r.Number(rm, "alpha", p, v => v > 0 && double.IsFinite(v), "the spectrum's fall-off α: a finite number > 0 (2 easy, 1 hard)") : d.Alpha;
            double? frac = rm.ContainsKey("step_fraction") ? r.Number(rm, "step_fraction", p, v => v > 0 && v <= 1, "the share of steps that hold spikes, in (0, 1]") : d.StepFraction;
            int? per = r.Int(rm, "samples_per_class", p, d.SamplesPerClass, 2, MaxSize, "samples drawn per class");
            if (cls is null || units is null || steps is null || dims is null || alpha is null || frac is null || per is null) return null;
            long total = (long)cls.Value * per.Value;
            if (total * units.Value > int.MaxValue || total * steps.Value + 1 > int.MaxValue)
            {
                r.Error(p, m["randman"], $"{total} samples of {units} units and {steps} steps", $"classes·samples_per_class·max(units, steps) at most {int.MaxValue}");
                return null;
            }
            spec = new DatasetSpec(DatasetKind.Randman, new RandmanSpec(cls.Value, units.Value, steps.Value, dims.Value, alpha.Value, frac.Value, per.Value), null);
            inputs = units.Value; classes = cls.Value; samples = (int)total;
        }
        else
        {
            string p = $"{path}.arrays";
            var am = r.Yaml.Mapping(m["arrays"], p, "inputs", "labels", "steps", "units");
            string? inputsFile = r.Yaml.String(r.Yaml.Required(am, "inputs", p, ".npy or .csv of [samples, steps, units], [samples, units] or an event list"), $"{p}.inputs");
            string? labelsFile = r.Yaml.String(r.Yaml.Required(am, "labels", p, ".npy or .csv of one integer class per sample"), $"{p}.labels");
            int? steps = am.ContainsKey("steps") ? r.Int(am, "steps", p, 0, 1, MaxSize, "steps per sample") : null;
            int? units = am.ContainsKey("units") ? r.Int(am, "units", p, 0, 1, MaxSize, "input units") : null;
            if (inputsFile is null || labelsFile is null || am.ContainsKey("steps") && steps is null || am.ContainsKey("units") && units is null) return null;
            var arrays = new ArraysSpec(inputsFile, labelsFile, steps, units);
            bool found = true;
            foreach (var (key, file) in new[] { ("labels", labelsFile), ("inputs", inputsFile) })
                if (file.Contains('\0'))
                {
                    r.Error($"{p}.{key}", am[key], "a path with a NUL character", "a file path");
                    found = false;
                }
                else if (!File.Exists(Path.Combine(baseDirectory, file)))
                {
                    r.Error($"{p}.{key}", am[key], $"'{YamlReader.Shorten(file)}'", $"an existing file (looked for {Path.GetFullPath(Path.Combine(baseDirectory, file))}; relative paths start at the config's folder)");
                    found = false;
                }
            if (!found) return null;
            try
            {
                var set = ArraysDataset.Load(arrays, baseDirectory);
                inputs = set.Inputs; classes = set.Classes; samples = set.Count;
            }
            catch (DatasetException ex)
            {
                string key = ex.File == labelsFile ? "labels" : "inputs";
                r.Errors.Add(new ModelError($"{p}.{key} ({ex.File}, {ex.Field})", ex.Value, ex.Expected));
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                r.Errors.Add(new ModelError($"{p}", $"'{YamlReader.Shorten(inputsFile)}' and '{YamlReader.Shorten(labelsFile)}'", $"readable files ({ex.Message})"));
                return null;
            }
            spec = new DatasetSpec(DatasetKind.Arrays, null, arrays);
        }
        if (fraction is null && m.ContainsKey("test_fraction") || seed is null) return null;
        double f = fraction ?? 0.2;
        if (samples - DatasetSplit.TestCount(samples, f) < 1)
        {
            r.Error($"{path}.test_fraction", m.GetValueOrDefault("test_fraction"), ConfigReader.Num(f), $"a fraction that leaves training samples out of {samples}");
            return null;
        }
        return new DatasetInfo(spec with { TestFraction = f, Seed = seed.Value }, inputs, classes);
    }

    private static TrainingNetworkSpec? Network(ConfigReader r, YamlNode? node, DatasetInfo? data, string baseDirectory)
    {
        if (node is null) return null;
        const string path = "network";
        var m = r.Yaml.Mapping(node, path, "dt", "layers", "readout", "surrogate", "loss", "regularizer", "precision");
        double dt = r.NumberOr(m, "dt", path, 1.0, v => v > 0 && double.IsFinite(v), "the step in the unit of the time constants: a finite number > 0");
        var loss = Loss(r, m.GetValueOrDefault("loss"));
        var surrogate = Surrogate(r, m.GetValueOrDefault("surrogate"));
        var regularizer = Regularizer(r, m.GetValueOrDefault("regularizer"));
        var precision = r.Choice(m, "precision", path, Precision.Float32, ("float32", Precision.Float32), ("float64", Precision.Float64));

        var layerNodes = r.Yaml.Sequence(r.Yaml.Required(m, "layers", path, "a list of spiking layers, e.g. [{size: 128, beta: 0.95}]"), $"{path}.layers");
        if (m.ContainsKey("layers") && m["layers"] is YamlSequenceNode && layerNodes.Count == 0)
            r.Error($"{path}.layers", m["layers"], "an empty list", "at least one spiking layer");
        var layers = new List<LifLayerSpec?>();
        int? fanIn = data?.Inputs;
        for (int i = 0; i < layerNodes.Count; i++)
        {
            var layer = Layer(r, layerNodes[i], $"{path}.layers[{i}]", dt, fanIn, baseDirectory);
            layers.Add(layer);
            fanIn = layer?.Size;
        }

        ReadoutSpec? readout = null;
        bool readoutOk = true;
        if (m.TryGetValue("readout", out var readoutNode))
        {
            if (loss is { OnSpikeCounts: true })
                r.Error($"{path}.readout", readoutNode, YamlReader.Show(readoutNode), $"loss {Name(Losses, loss.Kind)} reads the last layer's spike counts: leave readout out");
            readout = Readout(r, readoutNode, $"{path}.readout", dt, fanIn, baseDirectory);
            readoutOk = readout is not null;
        }
        else if (loss is { OnSpikeCounts: false })
        {
            r.Errors.Add(new ModelError($"{path}.readout", "nothing", $"'readout' is required for loss {Name(Losses, loss.Kind)}: the non-spiking layer whose potential gives the class scores, {{size: classes, beta: …}}"));
            readoutOk = false;
        }

        if (loss is null || surrogate is null || regularizer is null || precision is null || layers.Count == 0 || layers.Any(l => l is null) || !readoutOk || data is null)
            return null;
        int classes = data.Value.Classes;
        if (readout is not null && readout.Size != classes)
            r.Error($"{path}.readout.size", ((YamlMappingNode)readoutNode!).Children.FirstOrDefault(kv => (kv.Key as YamlScalarNode)?.Value == "size").Value,
                readout.Size.ToString(), $"one readout unit per class: the dataset has {classes} classes");
        if (loss.OnSpikeCounts && layers[^1]!.Size != classes)
            r.Error($"{path}.layers[{layers.Count - 1}].size", layerNodes[^1], layers[^1]!.Size.ToString(),
                $"loss {Name(Losses, loss.Kind)} reads the last layer as the output: one neuron per class ({classes})");
        return new TrainingNetworkSpec(data.Value.Inputs, layers.Select(l => l!).ToArray(), readout, surrogate, loss, regularizer, precision.Value);
    }

    private static LifLayerSpec? Layer(ConfigReader r, YamlNode node, string path, double dt, int? fanIn, string baseDirectory)
    {
        var m = r.Yaml.Mapping(node, path, "size", "beta", "tau_mem", "alpha", "tau_syn", "threshold", "reset", "reset_timing",
            "detach_reset", "bias", "recurrent", "learn_beta", "learn_threshold", "adaptation", "init");
        if (node is not YamlMappingNode) return null;
        int? size = r.Int(m, "size", path, null, 1, MaxSize, "the number of neurons");
        double? beta = r.Decay(m, path, "beta", "tau_mem", dt, closedAbove: true, "membrane decay");
        if (!m.ContainsKey("beta") && !m.ContainsKey("tau_mem"))
            r.Errors.Add(new ModelError($"{path}.beta", "nothing", "'beta' (membrane decay in [0, 1]) or 'tau_mem' (time constant, in the unit of network.dt) is required"));
        double? alpha = m.ContainsKey("alpha") || m.ContainsKey("tau_syn") ? r.Decay(m, path, "alpha", "tau_syn", dt, closedAbove: false, "synaptic decay") : 0.0;
        double? threshold = m.ContainsKey("threshold") ? r.Number(m, "threshold", path, v => v > 0 && double.IsFinite(v), "the firing threshold: a finite number > 0") : 1.0;
        var reset = r.Choice(m, "reset", path, ResetMode.Subtract, ("subtract", ResetMode.Subtract), ("zero", ResetMode.Zero), ("none", ResetMode.None));
        var timing = r.Choice(m, "reset_timing", path, ResetTiming.PreviousStep, ("previous", ResetTiming.PreviousStep), ("same", ResetTiming.SameStep));
        bool detach = r.Bool(m, "detach_reset", path, true);
        bool bias = r.Bool(m, "bias", path, true);
        bool recurrent = r.Bool(m, "recurrent", path, false);
        bool learnBeta = r.Bool(m, "learn_beta", path, false);
        bool learnThreshold = r.Bool(m, "learn_threshold", path, false);
        AdaptationSpec? adaptation = null;
        bool adaptationOk = true;
        if (m.TryGetValue("adaptation", out var an))
        {
            string p = $"{path}.adaptation";
            var am = r.Yaml.Mapping(an, p, "rho", "tau_adapt", "strength", "reset_to_adaptive", "detach");
            double? rho = r.Decay(am, p, "rho", "tau_adapt", dt, closedAbove: false, "adaptation decay");
            if (!am.ContainsKey("rho") && !am.ContainsKey("tau_adapt"))
                r.Errors.Add(new ModelError($"{p}.rho", "nothing", "'rho' (adaptation decay in [0, 1)) or 'tau_adapt' (time constant, in the unit of network.dt) is required"));
            double? strength = r.RequiredNumber(am, "strength", p, v => v >= 0 && double.IsFinite(v), "how far each spike raises the threshold (β_a): a finite number >= 0");
            bool toAdaptive = r.Bool(am, "reset_to_adaptive", p, true);
            bool detachA = r.Bool(am, "detach", p, false);
            adaptationOk = rho is not null && strength is not null && an is YamlMappingNode;
            if (adaptationOk) adaptation = new AdaptationSpec(rho!.Value, strength!.Value, toAdaptive, detachA);
        }
        var init = Init(r, m.GetValueOrDefault("init"), $"{path}.init", size, fanIn, baseDirectory);
        if (size is null || beta is null || alpha is null || threshold is null || reset is null || timing is null || !adaptationOk || init is null) return null;
        if (recurrent && (long)size.Value * size.Value > int.MaxValue)
            r.Error($"{path}.size", m["size"], size.Value.ToString(), $"a recurrent layer's {size}×{size} matrix must hold at most {int.MaxValue} weights");
        return new LifLayerSpec(size.Value, beta.Value, alpha.Value, threshold.Value, reset.Value, timing.Value, detach, bias, recurrent,
            learnBeta, learnThreshold, adaptation, init);
    }

    private static ReadoutSpec? Readout(ConfigReader r, YamlNode node, string path, double dt, int? fanIn, string baseDirectory)
    {
        var m = r.Yaml.Mapping(node, path, "size", "beta", "tau_mem", "alpha", "tau_syn", "bias", "init");
        if (node is not YamlMappingNode) return null;
        int? size = r.Int(m, "size", path, null, 1, MaxSize, "one unit per class");
        double? beta = r.Decay(m, path, "beta", "tau_mem", dt, closedAbove: true, "readout membrane decay");
        if (!m.ContainsKey("beta") && !m.ContainsKey("tau_mem"))
            r.Errors.Add(new ModelError($"{path}.beta", "nothing", "'beta' (membrane decay in [0, 1]) or 'tau_mem' (time constant, in the unit of network.dt) is required"));
        double? alpha = m.ContainsKey("alpha") || m.ContainsKey("tau_syn") ? r.Decay(m, path, "alpha", "tau_syn", dt, closedAbove: false, "readout synaptic decay") : 0.0;
        bool bias = r.Bool(m, "bias", path, true);
        var init = Init(r, m.GetValueOrDefault("init"), $"{path}.init", size, fanIn, baseDirectory);
        if (size is null || beta is null || alpha is null || init is null) return null;
        return new ReadoutSpec(size.Value, beta.Value, alpha.Value, bias, init);
    }

    private static WeightInit? Init(ConfigReader r, YamlNode? node, string path, int? rows, int? columns, string baseDirectory)
    {
        if (node is null) return new WeightInit();
        var m = r.Yaml.Mapping(node, path, "gain", "file");
        if (node is not YamlMappingNode) return null;
        double? gain = m.ContainsKey("gain") ? r.Number(m, "gain", path, v => v >= 0 && double.IsFinite(v), "the factor on PyTorch's uniform(±1/√fan_in): a finite number >= 0") : 1.0;
        string? file = null;
        if (m.TryGetValue("file", out var fileNode))
        {
            string? name = r.Yaml.String(fileNode, $"{path}.file");
            if (name is null) return null;
            if (name.Contains('\0'))
            {
                r.Error($"{path}.file", fileNode, "a path with a NUL character", "a file path");
                return null;
            }
            if (m.ContainsKey("gain"))
            {
                r.Error($"{path}.gain", m["gain"], ConfigReader.Text(m["gain"]), "weights read from a file are used as they are: leave gain out");
                return null;
            }
            file = Path.GetFullPath(Path.Combine(baseDirectory, name));
            if (!File.Exists(file))
            {
                r.Error($"{path}.file", fileNode, $"'{YamlReader.Shorten(name)}'", $"an existing .npy or .csv file (looked for {file}; relative paths start at the config's folder)");
                return null;
            }
            if (rows is { } out_ && columns is { } in_)
            {
                try
                {
                    WeightFile.Read(file, name, out_, in_);
                }
                catch (DatasetException ex)
                {
                    r.Errors.Add(new ModelError($"{path}.file ({ex.File}, {ex.Field})", ex.Value, ex.Expected));
                    return null;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    r.Error($"{path}.file", fileNode, $"'{YamlReader.Shorten(name)}'", $"a readable file ({ex.Message})");
                    return null;
                }
            }
        }
        return gain is null ? null : new WeightInit(gain.Value, file);
    }

    private static SurrogateSpec? Surrogate(ConfigReader r, YamlNode? node)
    {
        const string path = "network.surrogate";
        if (node is null) return new SurrogateSpec(SurrogateKind.FastSigmoid, 25);
        var m = r.Yaml.Mapping(node, path, "kind", "scale", "amplitude");
        var kind = r.Choice(m, "kind", path, SurrogateKind.FastSigmoid, Surrogates);
        if (kind is null || node is not YamlMappingNode) return null;
        var (scale, amplitude) = kind.Value switch
        {
            SurrogateKind.FastSigmoid or SurrogateKind.Sigmoid => (25.0, 1.0),
            SurrogateKind.Arctan => (2.0, 1.0),
            SurrogateKind.Triangle => (1.0, 0.3),
            _ => (1.0, 1.0),
        };
        double? s = m.ContainsKey("scale") ? r.Number(m, "scale", path, v => v > 0 && double.IsFinite(v), "the surrogate's slope or width: a finite number > 0") : scale;
        double? a = amplitude;
        if (kind is SurrogateKind.Triangle or SurrogateKind.Exponential)
            a = m.ContainsKey("amplitude") ? r.Number(m, "amplitude", path, v => v > 0 && double.IsFinite(v), "the surrogate's height γ: a finite number > 0") : amplitude;
        else
            r.NotHere(m, path, $"{Name(Surrogates, kind.Value)} has only a scale; amplitude is for triangle and exponential", "amplitude");
        return s is null || a is null ? null : new SurrogateSpec(kind.Value, s.Value, a.Value);
    }

    private static LossSpec? Loss(ConfigReader r, YamlNode? node)
    {
        const string path = "network.loss";
        if (node is null) return new LossSpec(LossKind.CrossEntropyMaxMembrane);
        var m = r.Yaml.Mapping(node, path, "kind", "correct_rate", "incorrect_rate");
        var kind = r.Choice(m, "kind", path, LossKind.CrossEntropyMaxMembrane, Losses);
        if (kind is null || node is not YamlMappingNode) return null;
        if (kind != LossKind.MseSpikeCount)
        {
            r.NotHere(m, path, $"{Name(Losses, kind.Value)} has no target rates; they are for mse_count", "correct_rate", "incorrect_rate");
            return new LossSpec(kind.Value);
        }
        double? correct = m.ContainsKey("correct_rate") ? r.Number(m, "correct_rate", path, v => v >= 0 && v <= 1, "target spikes per step for the labelled class, in [0, 1]") : 1.0;
        double? incorrect = m.ContainsKey("incorrect_rate") ? r.Number(m, "incorrect_rate", path, v => v >= 0 && v <= 1, "target spikes per step for the other classes, in [0, 1]") : 0.0;
        return correct is null || incorrect is null ? null : new LossSpec(kind.Value, correct.Value, incorrect.Value);
    }

    private static RegularizerSpec? Regularizer(ConfigReader r, YamlNode? node)
    {
        const string path = "network.regularizer";
        if (node is null) return new RegularizerSpec();
        var m = r.Yaml.Mapping(node, path, "l1", "l2", "lower", "lower_count", "upper", "upper_count");
        if (node is not YamlMappingNode) return null;
        double?[] v = new[] { "l1", "l2", "lower", "lower_count", "upper", "upper_count" }
            .Select(k => m.ContainsKey(k) ? r.Number(m, k, path, x => x >= 0 && double.IsFinite(x), k.EndsWith("count", StringComparison.Ordinal)
                ? "spikes per neuron per sample: a finite number >= 0" : "a strength: a finite number >= 0 (0 is off)") : 0.0).ToArray();
        return v.Any(x => x is null) ? null : new RegularizerSpec(v[0]!.Value, v[1]!.Value, v[2]!.Value, v[3]!.Value, v[4]!.Value, v[5]!.Value);
    }

    private static OptimizerSpec? Optimizer(ConfigReader r, YamlNode? node)
    {
        if (node is null) return null;
        const string path = "optimizer";
        var m = r.Yaml.Mapping(node, path, "kind", "lr", "betas", "eps", "momentum", "weight_decay", "schedule");
        var kind = r.Choice(m, "kind", path, OptimizerKind.Adam, ("adam", OptimizerKind.Adam), ("sgd", OptimizerKind.Sgd));
        if (kind is null || node is not YamlMappingNode) return null;
        const string lrText = "the learning rate: a finite number > 0";
        double? lr = kind == OptimizerKind.Adam
            ? r.NumberOr(m, "lr", path, 1e-3, v => v > 0 && double.IsFinite(v), lrText)
            : r.RequiredNumber(m, "lr", path, v => v > 0 && double.IsFinite(v), lrText);
        double wd = r.NumberOr(m, "weight_decay", path, 0, v => v >= 0 && double.IsFinite(v), "the L2 penalty added to the gradient: a finite number >= 0");
        double beta1 = 0.9, beta2 = 0.999;
        double? eps = 1e-8, momentum = 0;
        bool ok = true;
        if (kind == OptimizerKind.Adam)
        {
            r.NotHere(m, path, "adam has no momentum (its betas play that part); momentum is for sgd", "momentum");
            if (m.TryGetValue("betas", out var bn))
            {
                var b = r.Yaml.Numbers(bn, $"{path}.betas");
                if (b is null) ok = false;
                else if (b.Length != 2 || b.Any(x => !(x >= 0 && x < 1)))
                {
                    r.Error($"{path}.betas", bn, $"[{string.Join(", ", b.Select(ConfigReader.Num))}]", "two numbers [β1, β2], each in [0, 1)");
                    ok = false;
                }
                else (beta1, beta2) = (b[0], b[1]);
            }
            eps = m.ContainsKey("eps") ? r.Number(m, "eps", path, v => v >= 0 && double.IsFinite(v), "ε added to the denominator: a finite number >= 0") : 1e-8;
        }
        else
        {
            r.NotHere(m, path, "sgd has no betas or eps; they are for adam", "betas", "eps");
            momentum = m.ContainsKey("momentum") ? r.Number(m, "momentum", path, v => v >= 0 && double.IsFinite(v), "the momentum μ: a finite number >= 0") : 0.0;
        }
        var schedule = Schedule(r, m.GetValueOrDefault("schedule"));
        if (lr is null || eps is null || momentum is null || schedule is null || !ok) return null;
        return new OptimizerSpec(kind.Value, lr.Value, beta1, beta2, eps.Value, momentum.Value, wd, schedule);
    }

    private static ScheduleSpec? Schedule(ConfigReader r, YamlNode? node)
    {
        const string path = "optimizer.schedule";
        if (node is null) return new ScheduleSpec();
        var m = r.Yaml.Mapping(node, path, "kind", "step_epochs", "gamma");
        var kind = r.Choice(m, "kind", path, ScheduleKind.Constant, ("constant", ScheduleKind.Constant), ("step", ScheduleKind.Step), ("cosine", ScheduleKind.Cosine));
        if (kind is null || node is not YamlMappingNode) return null;
        if (kind != ScheduleKind.Step)
        {
            r.NotHere(m, path, $"{(kind == ScheduleKind.Constant ? "constant" : "cosine")} takes no options; step_epochs and gamma are for step", "step_epochs", "gamma");
            return new ScheduleSpec(kind.Value);
        }
        int? every = r.Int(m, "step_epochs", path, null, 1, int.MaxValue, "epochs between multiplications by gamma");
        double gamma = r.NumberOr(m, "gamma", path, 0.1, v => v > 0 && double.IsFinite(v), "the factor applied every step_epochs: a finite number > 0");
        return every is null ? null : new ScheduleSpec(ScheduleKind.Step, every.Value, gamma);
    }

    private static (int Batch, int Epochs, int Chunk, ulong Seed, string Name)? Training(ConfigReader r, YamlNode? node, string defaultName)
    {
        if (node is null) return null;
        const string path = "training";
        var m = r.Yaml.Mapping(node, path, "batch_size", "epochs", "chunk_size", "seed", "name");
        if (node is not YamlMappingNode) return null;
        int? batch = r.Int(m, "batch_size", path, 128, 1, MaxSize, "samples per optimizer step");
        int? epochs = r.Int(m, "epochs", path, null, 1, 1_000_000, "passes over the training set");
        int? chunk = m.ContainsKey("chunk_size") ? r.Int(m, "chunk_size", path, null, 1, MaxSize, "samples per unit of work and of gradient summation")
            : batch is null ? null : Math.Min(32, batch.Value);
        ulong? seed = r.Seed(m, "seed", path, 1);
        string? name = m.ContainsKey("name") ? r.Yaml.String(m["name"], $"{path}.name") : defaultName;
        if (batch is null || epochs is null || chunk is null || seed is null || name is null) return null;
        if (chunk > batch)
        {
            r.Error($"{path}.chunk_size", m["chunk_size"], chunk.Value.ToString(), $"at most batch_size ({batch}): a chunk is part of one mini-batch");
            return null;
        }
        return (batch.Value, epochs.Value, chunk.Value, seed.Value, name);
    }

    private static string Name<T>((string Name, T Value)[] choices, T value) where T : struct =>
        choices.First(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Name;
}
