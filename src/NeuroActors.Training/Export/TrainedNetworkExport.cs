using System.Globalization;
using System.Numerics;
using System.Text;
using NeuroActors.Model;
using NeuroActors.Model.Files;

namespace NeuroActors.Training;

/// <summary>A trained network written as a model file: where it is, the model it holds, and how it classifies.</summary>
/// <param name="ModelPath">The model file (YAML), beside its weight files.</param>
/// <param name="Spec">The model, as <see cref="ModelLoader"/> loads and validates the file.</param>
/// <param name="Readout">Its input and output populations and the steps that hold a trial's answer.</param>
public sealed record ExportedNetwork(string ModelPath, NetworkSpec Spec, ClassifierReadout Readout)
{
    /// <summary>
    /// The same network with its layers and readout on backend <c>loihi</c> (<c>model-loihi.yaml</c>, quantised when it
    /// runs), or null when the network does not map onto Loihi's compartment (<see cref="LoihiRefusal"/> says why).
    /// </summary>
    public string? LoihiModelPath { get; init; }

    /// <summary>The Loihi variant as loaded and validated, or null.</summary>
    public NetworkSpec? LoihiSpec { get; init; }

    /// <summary>Why the network has no Loihi variant, in one line (the model's first refusal), or null when it has one.</summary>
    public string? LoihiRefusal { get; init; }
}

/// <summary>
/// Writes a trained network as a NeuroActors model (docs/training.md, "Running a trained network in the simulator"):
/// an input <c>spike_source_array</c> firing one sample's events, one <c>snn_leaky</c> population per hidden layer,
/// a <c>leaky_readout</c> (when the network has a readout), every weight matrix as explicit all-to-all connections
/// with a delay of one step (NumPy files beside the model), and recorders of every layer's spikes and the readout's
/// <c>v</c>. The simulator runs at dt = 1 ms, one engine step a simulation step; each layer lags the one below by its
/// synaptic delay, so layer l (from 1) answers the engine's step t at simulation step t + l, and starts at step l.
/// Beside it, <c>model-loihi.yaml</c> is the same network with <c>backend: loihi</c> on every layer and the readout, when
/// the model accepts that (reset zero, no synaptic current, no adaptation, one β and θ per layer; docs/loihi.md).
/// </summary>
public static class TrainedNetworkExport
{
    /// <summary>The simulation step of an exported network (ms): one engine step.</summary>
    public const double DtMs = 1.0;

    /// <summary>The input population's name.</summary>
    public const string InputPopulation = "input";

    /// <summary>The readout population's name.</summary>
    public const string ReadoutPopulation = "readout";

    /// <summary>The file name of the Loihi variant of an exported network.</summary>
    public const string LoihiModelFile = "model-loihi.yaml";

    /// <summary>The name of hidden layer <paramref name="layer"/> (from 1), as the parameter names number it.</summary>
    public static string LayerPopulation(int layer) => $"layer{layer}";

    /// <summary>
    /// Writes <c>model.yaml</c> and its weight files into <paramref name="directory"/> (created if needed) for the
    /// network of <paramref name="spec"/> with <paramref name="parameters"/>, its input firing the events of sample
    /// <paramref name="sample"/> of <paramref name="samples"/>, and loads it back as the simulator would.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The samples are not binary spikes or do not fit the network, the sample does not exist, or a parameter tensor is
    /// missing or has another shape than the network's.
    /// </exception>
    public static ExportedNetwork Write<T>(string directory, TrainingSpec spec, ParameterSet<T> parameters, SampleSet samples, int sample = 0)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = spec.Network;
        CheckSamples(net, samples);
        if ((uint)sample >= (uint)samples.Count)
            throw new ArgumentException($"sample: got {sample}; valid: 0..{samples.Count - 1} (the set has {samples.Count} samples)", nameof(sample));
        Directory.CreateDirectory(directory);
        var readout = Readout(net, samples.Steps);
        var head = new StringBuilder();
        var yaml = head;
        yaml.Append(CultureInfo.InvariantCulture,
            $"# A network trained by NeuroActors ({Quote(spec.Name)}), exported for the simulator: see docs/training.md.\n");
        yaml.Append(CultureInfo.InvariantCulture,
            $"# Layer l answers the input of engine step t at simulation step t + l; the trial's answer is read at steps {readout.FirstStep}..{readout.FirstStep + readout.Steps - 1}.\n");
        yaml.Append(CultureInfo.InvariantCulture,
            $"simulation: {{name: {Quote(spec.Name)}, dt: {Num(DtMs)}, duration: {Num((readout.FirstStep + readout.Steps) * DtMs)}, seed: {spec.Seed}}}\n\n");

        var times = Trial(samples, sample).InputSpikeTimesMs;
        string input = string.Create(CultureInfo.InvariantCulture,
            $"  - name: {InputPopulation}\n    size: {net.Inputs}\n    model: spike_source_array\n    spike_times: [{string.Join(", ", times.Select(List))}]   # sample {sample}, label {samples.Labels[sample]}\n");
        var trained = new List<(string Name, int Size, string Model, List<(string, string)> Parameters)>();
        for (int l = 1; l <= net.Hidden.Count; l++)
        {
            var layer = net.Hidden[l - 1];
            var p = new List<(string, string)>
            {
                ("beta", PerNeuronOr(parameters, $"layer{l}.beta", layer.Size, layer.Beta)),
                ("threshold", PerNeuronOr(parameters, $"layer{l}.threshold", layer.Size, layer.Threshold)),
                ("reset", layer.Reset switch { ResetMode.Subtract => "0", ResetMode.Zero => "1", _ => "2" }),
                ("reset_timing", layer.Timing == ResetTiming.SameStep ? "1" : "0"),
                ("alpha", Num(layer.Alpha)),
            };
            if (layer.Bias) p.Add(("bias", List(Values(parameters, $"layer{l}.bias", [layer.Size]))));
            if (layer.Adaptation is { } a)
            {
                p.Add(("adapt_rho", Num(a.Rho)));
                p.Add(("adapt_strength", Num(a.Strength)));
                p.Add(("adapt_reset", a.ResetToAdaptive ? "1" : "0"));
            }
            p.Add(("start", l.ToString(CultureInfo.InvariantCulture)));
            trained.Add((LayerPopulation(l), layer.Size, "snn_leaky", p));
        }
        if (net.Readout is { } r)
        {
            var p = new List<(string, string)> { ("beta", Num(r.Beta)), ("alpha", Num(r.Alpha)) };
            if (r.Bias) p.Add(("bias", List(Values(parameters, "readout.bias", [r.Size]))));
            p.Add(("start", (net.Hidden.Count + 1).ToString(CultureInfo.InvariantCulture)));
            trained.Add((ReadoutPopulation, r.Size, "leaky_readout", p));
        }

        // The trained populations, with a backend line or none: the float model and its Loihi variant differ only there.
        string Populations(string? backend)
        {
            var text = new StringBuilder("populations:\n").Append(input);
            foreach (var (name, size, model, p) in trained) AppendPopulation(text, name, size, model, p, backend);
            return text.ToString();
        }

        var rest = yaml = new StringBuilder();
        yaml.Append("\nprojections:\n");
        string below = InputPopulation;
        int fanIn = net.Inputs;
        for (int l = 1; l <= net.Hidden.Count; l++)
        {
            var layer = net.Hidden[l - 1];
            AppendProjection(yaml, directory, $"layer{l}.weight", below, LayerPopulation(l), Values(parameters, $"layer{l}.weight", [layer.Size, fanIn]), layer.Size, fanIn);
            if (layer.Recurrent)
                AppendProjection(yaml, directory, $"layer{l}.recurrent", LayerPopulation(l), LayerPopulation(l),
                    Values(parameters, $"layer{l}.recurrent", [layer.Size, layer.Size]), layer.Size, layer.Size);
            below = LayerPopulation(l);
            fanIn = layer.Size;
        }
        if (net.Readout is { } ro)
            AppendProjection(yaml, directory, "readout.weight", below, ReadoutPopulation, Values(parameters, "readout.weight", [ro.Size, fanIn]), ro.Size, fanIn);

        yaml.Append("\nrecorders:\n");
        yaml.Append(CultureInfo.InvariantCulture, $"  - {{type: spikes, population: {InputPopulation}}}\n");
        for (int l = 1; l <= net.Hidden.Count; l++) yaml.Append(CultureInfo.InvariantCulture, $"  - {{type: spikes, population: {LayerPopulation(l)}}}\n");
        if (net.Readout is not null) yaml.Append(CultureInfo.InvariantCulture, $"  - {{type: state, population: {ReadoutPopulation}, variables: [v]}}\n");

        string path = Path.Combine(directory, "model.yaml");
        File.WriteAllText(path, head.ToString() + Populations(null) + rest);
        var exported = new ExportedNetwork(path, ModelLoader.Load(path), readout);
        string loihiPath = Path.Combine(directory, LoihiModelFile);
        File.WriteAllText(loihiPath, head.ToString().Replace("exported for the simulator", "exported for the simulator's Loihi backend (quantised)", StringComparison.Ordinal) +
            Populations(PopulationSpec.LoihiBackend) + rest);
        try
        {
            return exported with { LoihiModelPath = loihiPath, LoihiSpec = ModelLoader.Load(loihiPath) };
        }
        catch (ModelException ex)
        {
            File.Delete(loihiPath);
            return exported with { LoihiRefusal = ex.Errors[0] + (ex.Errors.Count > 1 ? $" (and {ex.Errors.Count - 1} more)" : "") };
        }
    }


    /// <summary>
    /// How an exported network of <paramref name="network"/> classifies trials of <paramref name="steps"/> steps: the
    /// readout's maximum (or last) potential as the loss reads it, over simulation steps L + 1 … L + steps for L hidden
    /// layers; or, for the spike-count losses, the last hidden layer's spike counts over steps L … L + steps − 1.
    /// </summary>
    public static ClassifierReadout Readout(TrainingNetworkSpec network, int steps)
    {
        int layers = network.Hidden.Count;
        return network.Readout is null
            ? new ClassifierReadout(InputPopulation, LayerPopulation(layers), ClassScore.SpikeCount, layers, steps)
            : new ClassifierReadout(InputPopulation, ReadoutPopulation,
                network.Loss.Kind == LossKind.CrossEntropyLastMembrane ? ClassScore.LastPotential : ClassScore.MaxPotential, layers + 1, steps);
    }

    /// <summary>
    /// Sample <paramref name="sample"/> as a trial of an exported network: an event of unit u at engine step t is a
    /// spike of input neuron u at (t + 1)·dt, which the source emits in simulation step t.
    /// </summary>
    /// <exception cref="ArgumentException">The samples carry values rather than spikes, or the sample does not exist.</exception>
    public static ClassifierTrial Trial(SampleSet samples, int sample)
    {
        if (samples.Values is not null)
            throw new ArgumentException("samples: got values (dense features); an exported network's input is a spike_source_array, which fires spikes of value 1: export a dataset of spikes", nameof(samples));
        if ((uint)sample >= (uint)samples.Count)
            throw new ArgumentException($"sample: got {sample}; valid: 0..{samples.Count - 1} (the set has {samples.Count} samples)", nameof(sample));
        var times = Enumerable.Range(0, samples.Inputs).Select(_ => new List<double>()).ToArray();
        for (int t = 0; t < samples.Steps; t++)
            foreach (int u in samples.UnitsAt(sample, t)) times[u].Add((t + 1) * DtMs);
        return new ClassifierTrial(times.Select(x => x.ToArray()).ToArray(), samples.Labels[sample]);
    }

    /// <summary>The first <paramref name="count"/> samples as trials (all when <paramref name="count"/> is null).</summary>
    public static IReadOnlyList<ClassifierTrial> Trials(SampleSet samples, int? count = null) =>
        Enumerable.Range(0, Math.Min(count ?? samples.Count, samples.Count)).Select(s => Trial(samples, s)).ToArray();

    private static void CheckSamples(TrainingNetworkSpec net, SampleSet samples)
    {
        if (samples.Values is not null)
            throw new ArgumentException("samples: got values (dense features); an exported network's input is a spike_source_array, which fires spikes of value 1: export a dataset of spikes", nameof(samples));
        if (samples.Inputs != net.Inputs)
            throw new ArgumentException($"samples: got {samples.Inputs} input units; the network has {net.Inputs} inputs", nameof(samples));
    }

    private static void AppendPopulation(StringBuilder yaml, string name, int size, string model, List<(string Name, string Value)> parameters, string? backend)
    {
        yaml.Append(CultureInfo.InvariantCulture, $"  - name: {name}\n    size: {size}\n    model: {model}\n");
        if (backend is not null) yaml.Append(CultureInfo.InvariantCulture, $"    backend: {backend}\n");
        yaml.Append("    parameters:\n");
        foreach (var (n, v) in parameters) yaml.Append(CultureInfo.InvariantCulture, $"      {n}: {v}\n");
    }

    /// <summary>A weight matrix [out, in] as every (source i, target j, W[j, i], 1 step) of an N×4 float64 .npy file.</summary>
    private static void AppendProjection(StringBuilder yaml, string directory, string name, string source, string target, double[] weight, int outs, int ins)
    {
        int n = outs * ins;
        double[] sources = new double[n], targets = new double[n], weights = new double[n], delays = new double[n];
        for (int i = 0, k = 0; i < ins; i++)
            for (int j = 0; j < outs; j++, k++)
            {
                sources[k] = i; targets[k] = j; weights[k] = weight[j * ins + i]; delays[k] = DtMs;
            }
        string file = name + ".npy";
        NpyWriter.WriteColumns(Path.Combine(directory, file), [sources, targets, weights, delays]);
        yaml.Append(CultureInfo.InvariantCulture,
            $"  - {{name: {name}, source: {source}, target: {target}, connector: {{rule: from_file, file: {file}}}}}\n");
    }

    private static string PerNeuronOr<T>(ParameterSet<T> parameters, string name, int size, double value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        parameters.Contains(name) ? List(Values(parameters, name, [size])) : Num(value);

    /// <summary>A tensor's values as doubles (exact for float and double), after checking its shape.</summary>
    private static double[] Values<T>(ParameterSet<T> parameters, string name, int[] shape) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!parameters.Contains(name))
            throw new ArgumentException($"parameters: no tensor {name}; the network needs it (shape [{string.Join(", ", shape)}])", nameof(parameters));
        var t = parameters[name];
        if (!t.Shape.SequenceEqual(shape))
            throw new ArgumentException($"parameters.{name}: got shape [{string.Join(", ", t.Shape)}]; the network's is [{string.Join(", ", shape)}]", nameof(parameters));
        return t.Values.Select(double.CreateChecked).ToArray();
    }

    private static string List(double[] values) => "[" + string.Join(", ", values.Select(Num)) + "]";

    /// <summary>The shortest text that reads back as the same double.</summary>
    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
