using NeuroActors.Model;

namespace NeuroActors.Training.Tests;

/// <summary>The training config: the committed configs load, defaults are snnTorch's, and bad configs give one line each.</summary>
public class TrainingConfigLoaderTests
{
    private static string Configs => FindUp("configs");

    private static string FindUp(string folder)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, folder)) && File.Exists(Path.Combine(dir.FullName, "NeuroActors.sln")))
                return Path.Combine(dir.FullName, folder);
        throw new DirectoryNotFoundException($"no {folder} folder above {AppContext.BaseDirectory}");
    }

    private const string Minimal = """
        dataset:
          randman: {classes: 3, units: 8, steps: 20, samples_per_class: 10}
        network:
          layers: [{size: 16, beta: 0.9}]
          readout: {size: 3, beta: 0.8}
        optimizer: {kind: adam}
        training: {epochs: 2}
        """;

    private static TrainingSpec Good(string yaml, string? dir = null)
    {
        var (spec, errors) = TrainingConfigLoader.Parse(yaml, dir ?? Fixtures.Npy);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        return spec!;
    }

    /// <summary>The one error of <paramref name="yaml"/>, which must start with <paramref name="path"/>.</summary>
    private static ModelError Bad(string yaml, string path)
    {
        var (spec, errors) = TrainingConfigLoader.Parse(yaml, Fixtures.Npy);
        Assert.Null(spec);
        Assert.True(errors.Count == 1, $"expected one error at {path}, got: {string.Join(" | ", errors)}");
        Assert.StartsWith(path, errors[0].Path);
        Assert.DoesNotContain('\n', errors[0].ToString());
        return errors[0];
    }

    [Fact]
    public void TheEasyRandmanConfigLoads()
    {
        var (spec, errors) = TrainingConfigLoader.Load(Path.Combine(Configs, "train-randman.yaml"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(new RandmanSpec(10, 100, 100, 1, 2, 1, 1000), spec!.Dataset.Randman);
        Assert.Equal(100, spec.Network.Inputs);
        Assert.Equal(128, Assert.Single(spec.Network.Hidden).Size);
        Assert.Equal(10, spec.Network.Classes);
        Assert.Equal(LossKind.CrossEntropyMaxMembrane, spec.Network.Loss.Kind);
        Assert.Equal((OptimizerKind.Adam, 2e-3), (spec.Optimizer.Kind, spec.Optimizer.LearningRate));
        Assert.Equal((128, 10, 32, "randman-easy"), (spec.BatchSize, spec.Epochs, spec.ChunkSize, spec.Name));
    }

    [Fact]
    public void TheLoihiRandmanConfigIsTheEasyOneWithTheZeroReset()
    {
        var (easy, _) = TrainingConfigLoader.Load(Path.Combine(Configs, "train-randman.yaml"));
        var (spec, errors) = TrainingConfigLoader.Load(Path.Combine(Configs, "train-randman-loihi.yaml"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(ResetMode.Zero, Assert.Single(spec!.Network.Hidden).Reset);
        Assert.Equal("randman-loihi", spec.Name);
        var zeroed = easy! with { Name = spec.Name, Network = easy.Network with { Hidden = [easy.Network.Hidden[0] with { Reset = ResetMode.Zero }] } };
        Assert.Equal(TrainingSpecJson.Serialize(zeroed), TrainingSpecJson.Serialize(spec));
    }

    [Fact]
    public void TheHardRandmanConfigLoads()
    {
        var (spec, errors) = TrainingConfigLoader.Load(Path.Combine(Configs, "train-randman-hard.yaml"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(new RandmanSpec(10, 20, 100, 1, 1, 0.5, 1000), spec!.Dataset.Randman);
        Assert.Equal(20, spec.Network.Inputs);
        Assert.Equal(200, spec.Epochs);
        // stork's example at dt = 2 ms: τ_mem 20 ms, τ_syn 10 ms, zero reset, no bias; batch 250.
        var layer = Assert.Single(spec.Network.Hidden);
        Assert.Equal(Math.Exp(-2.0 / 20), layer.Beta, 12);
        Assert.Equal(Math.Exp(-2.0 / 10), layer.Alpha, 12);
        Assert.Equal((ResetMode.Zero, false), (layer.Reset, layer.Bias));
        Assert.Equal(Math.Exp(-2.0 / 200), spec.Network.Readout!.Beta, 12);
        Assert.Equal(250, spec.BatchSize);
    }

    [Fact]
    public void DefaultsAreSnnTorchsAndPyTorchs()
    {
        var spec = Good(Minimal);
        var layer = spec.Network.Hidden[0];
        Assert.Equal(new LifLayerSpec(16, 0.9, 0, 1, ResetMode.Subtract, ResetTiming.PreviousStep, DetachReset: true, Bias: true,
            Recurrent: false, LearnBeta: false, LearnThreshold: false, null, new WeightInit()), layer);
        Assert.Equal(new ReadoutSpec(3, 0.8, 0, true, new WeightInit()), spec.Network.Readout);
        Assert.Equal(new SurrogateSpec(SurrogateKind.FastSigmoid, 25), spec.Network.Surrogate);
        Assert.Equal(new LossSpec(LossKind.CrossEntropyMaxMembrane), spec.Network.Loss);
        Assert.Equal(new RegularizerSpec(), spec.Network.Regularizer);
        Assert.Equal(Precision.Float32, spec.Network.Precision);
        Assert.Equal(new OptimizerSpec(OptimizerKind.Adam, 1e-3, 0.9, 0.999, 1e-8, 0, 0, new ScheduleSpec()), spec.Optimizer);
        Assert.Equal((128, 32, 1UL, "training"), (spec.BatchSize, spec.ChunkSize, spec.Seed, spec.Name));
        Assert.Equal((0.2, 1UL), (spec.Dataset.TestFraction, spec.Dataset.Seed));
    }

    [Fact]
    public void TimeConstantsBecomeDecaysAndEveryOptionIsRead()
    {
        var spec = Good("""
            dataset: {randman: {classes: 2, units: 4, steps: 10, samples_per_class: 5}, test_fraction: 0.4, seed: 12}
            network:
              dt: 0.5
              layers:
                - {size: 6, tau_mem: 10, tau_syn: 5, threshold: 0.5, reset: zero, reset_timing: same, detach_reset: false,
                   bias: false, recurrent: true, learn_beta: true, learn_threshold: true,
                   adaptation: {tau_adapt: 200, strength: 1.8, reset_to_adaptive: false, detach: true}, init: {gain: 2}}
                - {size: 2, beta: 1}
              loss: {kind: mse_count, correct_rate: 0.8, incorrect_rate: 0.1}
              surrogate: {kind: triangle, scale: 2, amplitude: 0.5}
              regularizer: {l1: 1e-5, l2: 2e-6, lower: 1, lower_count: 0.5, upper: 2, upper_count: 10}
              precision: float64
            optimizer: {kind: sgd, lr: 0.1, momentum: 0.9, weight_decay: 1e-4, schedule: {kind: step, step_epochs: 3}}
            training: {batch_size: 16, epochs: 5, chunk_size: 4, seed: 99, name: all}
            """);
        var l = spec.Network.Hidden[0];
        Assert.Equal(Math.Exp(-0.5 / 10), l.Beta);
        Assert.Equal(Math.Exp(-0.5 / 5), l.Alpha);
        Assert.Equal(new AdaptationSpec(Math.Exp(-0.5 / 200), 1.8, false, true), l.Adaptation);
        Assert.Equal((0.5, ResetMode.Zero, ResetTiming.SameStep, false, false, true, true, true, 2.0),
            (l.Threshold, l.Reset, l.Timing, l.DetachReset, l.Bias, l.Recurrent, l.LearnBeta, l.LearnThreshold, l.Init.Gain));
        Assert.Null(spec.Network.Readout);
        Assert.Equal(2, spec.Network.Classes);
        Assert.Equal(new LossSpec(LossKind.MseSpikeCount, 0.8, 0.1), spec.Network.Loss);
        Assert.Equal(new SurrogateSpec(SurrogateKind.Triangle, 2, 0.5), spec.Network.Surrogate);
        Assert.Equal(new RegularizerSpec(1e-5, 2e-6, 1, 0.5, 2, 10), spec.Network.Regularizer);
        Assert.Equal(new OptimizerSpec(OptimizerKind.Sgd, 0.1, Momentum: 0.9, WeightDecay: 1e-4, Schedule: new ScheduleSpec(ScheduleKind.Step, 3, 0.1)), spec.Optimizer);
        Assert.Equal((16, 5, 4, 99UL, "all", 0.4, 12UL), (spec.BatchSize, spec.Epochs, spec.ChunkSize, spec.Seed, spec.Name, spec.Dataset.TestFraction, spec.Dataset.Seed));
    }

    [Fact]
    public void AnArraysDatasetGivesTheInputsAndClassesAndWeightFilesAreFound()
    {
        var spec = Good("""
            dataset: {arrays: {inputs: spikes_u1.npy, labels: labels_i8.npy}, test_fraction: 0.25}
            network:
              layers: [{size: 3, beta: 0.9, init: {file: weights_3x5.npy}}]
              loss: {kind: ce_count}
            training: {batch_size: 2, epochs: 1}
            optimizer: {}
            """);
        Assert.Equal(5, spec.Network.Inputs);
        Assert.Equal(3, spec.Network.Classes);
        Assert.Equal(Fixtures.NpyFile("weights_3x5.npy"), spec.Network.Hidden[0].Init.File);
        Assert.Equal(new ArraysSpec("spikes_u1.npy", "labels_i8.npy"), spec.Dataset.Arrays);
        Assert.Equal(2, spec.ChunkSize);
    }

    [Theory]
    [InlineData("network:\n  layers: [{size: 16, beta: 1.5}]", "network.layers[0].beta", "1.5", "[0, 1]")]
    [InlineData("network:\n  layers: [{size: 16, beta: 0.9, tau_mem: 5}]", "network.layers[0].tau_mem", "5", "not both")]
    [InlineData("network:\n  layers: [{size: 16}]", "network.layers[0].beta", "nothing", "tau_mem")]
    [InlineData("network:\n  layers: [{size: 16, beta: 0.9, reset: soft}]", "network.layers[0].reset", "'soft'", "subtract, zero, none")]
    [InlineData("network:\n  layers: [{size: 16, beta: 0.9, colour: red}]", "network.layers[0].colour", "unknown key 'colour'", "learn_threshold")]
    [InlineData("network:\n  layers: [{size: 16, beta: 0.9, alpha: 1}]", "network.layers[0].alpha", "1", "[0, 1)")]
    [InlineData("network:\n  layers: [{size: 16, beta: 0.9, adaptation: {rho: 0.99}}]", "network.layers[0].adaptation.strength", "nothing", "β_a")]
    [InlineData("network:\n  readout: {size: 4, beta: 0.8}", "network.readout.size", "4", "the dataset has 3 classes")]
    [InlineData("network:\n  layers: [{size: 3, beta: 0.9}]\n  loss: {kind: ce_count}", "network.readout", "a mapping", "leave readout out")]
    [InlineData("network:\n  loss: {kind: ce_max_membrane, correct_rate: 1}", "network.loss.correct_rate", "'correct_rate'", "mse_count")]
    [InlineData("network:\n  surrogate: {kind: arctan, amplitude: 2}", "network.surrogate.amplitude", "'amplitude'", "triangle and exponential")]
    [InlineData("network:\n  surrogate: {kind: superspike}", "network.surrogate.kind", "'superspike'", "fast_sigmoid, arctan")]
    [InlineData("network:\n  precision: float16", "network.precision", "'float16'", "float32, float64")]
    [InlineData("training: {epochs: 2, batch_size: 16, chunk_size: 32}", "training.chunk_size", "32", "at most batch_size (16)")]
    [InlineData("training: {batch_size: 16}", "training.epochs", "nothing", "passes over the training set")]
    [InlineData("optimizer: {kind: adam, momentum: 0.9}", "optimizer.momentum", "'momentum'", "for sgd")]
    [InlineData("optimizer: {kind: sgd}", "optimizer.lr", "nothing", "learning rate")]
    [InlineData("optimizer: {kind: adam, betas: [0.9, 1]}", "optimizer.betas", "[0.9, 1]", "[0, 1)")]
    [InlineData("optimizer: {kind: adam, schedule: {kind: cosine, gamma: 0.5}}", "optimizer.schedule.gamma", "'gamma'", "step")]
    [InlineData("dataset:\n  randman: {classes: 3, units: 8, steps: 20, samples_per_class: 10, alpha: 0}", "dataset.randman.alpha", "0", "> 0")]
    [InlineData("dataset:\n  randman: {classes: 3, units: 8, steps: 20, samples_per_class: 10}\n  test_fraction: 1", "dataset.test_fraction", "1", "[0, 1)")]
    [InlineData("dataset:\n  arrays: {inputs: missing.npy, labels: labels_i8.npy}", "dataset.arrays.inputs", "'missing.npy'", "an existing file")]
    [InlineData("dataset:\n  arrays: {inputs: features_f8.npy, labels: labels_i8.npy}", "dataset.arrays.inputs (features_f8.npy, steps)", "nothing", "dataset.arrays.steps")]
    [InlineData("dataset:\n  arrays: {inputs: spikes_u1.npy, labels: labels_f4.npy}", "dataset.arrays.labels (labels_f4.npy, dtype)", "'<f4'", "integer dtype")]
    [InlineData("dataset:\n  randman: {}\n  arrays: {inputs: a.npy, labels: b.npy}", "dataset", "both randman and arrays", "give one of")]
    [InlineData("dataset:\n  arrays: {inputs: \"a\\0b.npy\", labels: labels_i8.npy}", "dataset.arrays.inputs", "a path with a NUL character", "a file path")]
    [InlineData("trainer: {}", "$.trainer", "unknown key 'trainer'", "dataset, network, optimizer, training")]
    public void ABadValueGivesOneErrorWithItsPathValueAndWhatIsValid(string replacement, string path, string value, string expected)
    {
        var e = Bad(Replace(Minimal, replacement), path);
        Assert.Equal(value, e.Value);
        Assert.Contains(expected, e.Expected);
    }

    [Fact]
    public void AnEmptyOrMalformedFileIsOneError()
    {
        Assert.Equal("an empty file", Bad("", "$").Value);
        Assert.Contains("dataset, network", Bad("# only a comment\n", "$").Expected);
        Assert.Equal("malformed YAML", Bad("dataset: {randman: [1,\n", "$ (line").Value);
        var (spec, errors) = TrainingConfigLoader.Load(Path.Combine(Fixtures.Npy, "no-such-config.yaml"));
        Assert.Null(spec);
        Assert.Contains("no-such-config.yaml", Assert.Single(errors).Value);
    }

    [Fact]
    public void EveryProblemIsReportedNotJustTheFirst()
    {
        var (_, errors) = TrainingConfigLoader.Parse(Replace(Minimal, "network:\n  layers: [{size: 0, beta: 2}, {size: 4, beta: 0.5, reset: hard}]"), Fixtures.Npy);
        Assert.Equal(["network.layers[0].size", "network.layers[0].beta", "network.layers[1].reset"], errors.Select(e => e.Path.Split(' ')[0]));
    }

    /// <summary><paramref name="yaml"/> with the top-level sections of <paramref name="replacement"/> put in place of its own.</summary>
    private static string Replace(string yaml, string replacement)
    {
        var sections = Split(yaml);
        foreach (var (key, text) in Split(replacement))
        {
            var current = sections.GetValueOrDefault(key) ?? "";
            // network is merged key by key, so that a test can replace its layers and keep its readout.
            if (key == "network") Merge(ref current, text);
            else current = text;
            sections[key] = current;
        }
        return string.Join("\n", sections.Values);

        static void Merge(ref string current, string text)
        {
            var lines = current.Split('\n').ToList();
            foreach (var line in text.Split('\n').Skip(1))
            {
                string key = line.Trim().Split(':')[0];
                int at = lines.FindIndex(l => l.Trim().StartsWith(key + ":", StringComparison.Ordinal));
                if (at >= 0) lines[at] = line; else lines.Add(line);
            }
            current = string.Join("\n", lines);
        }
    }

    private static Dictionary<string, string> Split(string yaml)
    {
        var result = new Dictionary<string, string>();
        string? key = null;
        foreach (var line in yaml.Replace("\r", "").Split('\n'))
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0])) { key = line.Split(':')[0]; result[key] = line; }
            else if (key is not null) result[key] += "\n" + line;
        }
        return result;
    }
}
