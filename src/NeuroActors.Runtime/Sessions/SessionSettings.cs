using System.Text.Json.Nodes;
using NeuroActors.Model;
using NeuroActors.Storage.Checkpoints;

namespace NeuroActors.Runtime.Sessions;

/// <summary>
/// What a session changed since the build that the state alone does not hold: the trial of the random input, and the
/// parameters, Poisson rates and spike times set between runs (the latest value of each). A checkpoint carries them in
/// its manifest's <c>session</c> object, so that a resumed run goes on exactly as the session would have.
/// </summary>
/// <param name="Trial">The trial whose random input is drawn (0: the first run's).</param>
/// <param name="Parameters">Parameters set with <see cref="Session.SetParametersAsync"/>, the latest per (population, parameter).</param>
/// <param name="Rates">Poisson rates set with <see cref="Session.SetStimulusAsync"/>, the latest per stimulus (model order).</param>
/// <param name="SpikeTimes">Spike times set with <see cref="Session.SetSpikeTimesAsync"/>, the latest per population.</param>
public sealed record SessionSettings(int Trial, IReadOnlyList<ParameterSetting> Parameters, IReadOnlyList<RateSetting> Rates,
    IReadOnlyList<SpikeTimesSetting> SpikeTimes)
{
    /// <summary>Nothing changed since the build.</summary>
    public static SessionSettings None { get; } = new(0, [], [], []);

    /// <summary>True when there is nothing to apply.</summary>
    public bool IsEmpty => Trial == 0 && Parameters.Count == 0 && Rates.Count == 0 && SpikeTimes.Count == 0;

    /// <summary>These settings with a change the shards have made (a later value replaces an earlier one of the same thing).</summary>
    internal SessionSettings With(object change, NetworkSpec spec) => change switch
    {
        SetShardTrial t => this with { Trial = t.Trial },
        SetShardParameter p => this with
        {
            Parameters = [.. Parameters.Where(x => !(x.Population == spec.Populations[p.Population].Name && x.Parameter == p.Parameter)),
                new ParameterSetting(spec.Populations[p.Population].Name, p.Parameter, p.Values)],
        },
        SetShardRates r => this with { Rates = [.. Rates.Where(x => x.Stimulus != r.Stimulus), new RateSetting(r.Stimulus, r.RatesHz)] },
        SetShardSpikeTimes s => this with
        {
            SpikeTimes = [.. SpikeTimes.Where(x => x.Population != spec.Populations[s.Population].Name),
                new SpikeTimesSetting(spec.Populations[s.Population].Name, s.TimesMs)],
        },
        _ => this,
    };

    /// <summary>The changes to send to a freshly built session's shards, in the order they were last made.</summary>
    internal IEnumerable<object> Changes(NetworkSpec spec)
    {
        if (Trial != 0) yield return new SetShardTrial(Trial);
        foreach (var p in Parameters) yield return new SetShardParameter(spec.PopulationIndex(p.Population), p.Parameter, p.Values);
        foreach (var r in Rates) yield return new SetShardRates(r.Stimulus, r.RatesHz);
        foreach (var s in SpikeTimes) yield return new SetShardSpikeTimes(spec.PopulationIndex(s.Population), s.TimesMs);
    }

    /// <summary>The settings as the manifest's <c>session</c> object.</summary>
    public JsonObject ToJson() => new()
    {
        ["trial"] = Trial,
        ["parameters"] = new JsonArray([.. Parameters.Select(p => (JsonNode)new JsonObject
        {
            ["population"] = p.Population, ["parameter"] = p.Parameter, ["values"] = Numbers(p.Values),
        })]),
        ["rates"] = new JsonArray([.. Rates.Select(r => (JsonNode)new JsonObject { ["stimulus"] = r.Stimulus, ["rates_hz"] = Numbers(r.RatesHz) })]),
        ["spike_times"] = new JsonArray([.. SpikeTimes.Select(s => (JsonNode)new JsonObject
        {
            ["population"] = s.Population, ["times_ms"] = new JsonArray([.. s.TimesMs.Select(t => (JsonNode)Numbers(t))]),
        })]),
    };

    /// <summary>
    /// Reads the <c>session</c> object of a checkpoint of <paramref name="spec"/>; an empty object (a checkpoint written
    /// without a session's changes) is <see cref="None"/>. Its recordings (<see cref="CheckpointRecordings"/>) are not
    /// settings and are left to whoever carries them.
    /// </summary>
    /// <exception cref="CheckpointException">A field is missing, of the wrong type, or names what the model does not have.</exception>
    public static SessionSettings FromJson(JsonObject session, NetworkSpec spec, string source)
    {
        if (session.All(p => p.Key == CheckpointRecordings.Key)) return None;
        try
        {
            var parameters = Array("parameters").Select((n, i) =>
            {
                var o = Object(n, $"parameters[{i}]");
                string population = Population(o, $"parameters[{i}]");
                return new ParameterSetting(population, Field<string>(o, "parameter", $"parameters[{i}]"), Values(o["values"], $"parameters[{i}].values"));
            }).ToArray();
            var rates = Array("rates").Select((n, i) =>
            {
                var o = Object(n, $"rates[{i}]");
                int stimulus = Field<int>(o, "stimulus", $"rates[{i}]");
                if (stimulus < 0 || stimulus >= spec.Stimuli.Count)
                    throw Bad($"rates[{i}].stimulus", $"is {stimulus}; the model has {spec.Stimuli.Count} stimuli");
                return new RateSetting(stimulus, Values(o["rates_hz"], $"rates[{i}].rates_hz"));
            }).ToArray();
            var times = Array("spike_times").Select((n, i) =>
            {
                var o = Object(n, $"spike_times[{i}]");
                var lists = o["times_ms"]?.AsArray() ?? throw Bad($"spike_times[{i}].times_ms", "is missing");
                return new SpikeTimesSetting(Population(o, $"spike_times[{i}]"), [.. lists.Select((t, k) => Values(t, $"spike_times[{i}].times_ms[{k}]"))]);
            }).ToArray();
            int trial = Field<int>(session, "trial", "");
            if (trial < 0) throw Bad("trial", $"is {trial}; a trial is 0 or more");
            return new SessionSettings(trial, parameters, rates, times);
        }
        // A value of the wrong JSON type.
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new CheckpointException($"{source}: session: {ex.Message}");
        }

        JsonArray Array(string name) => session[name]?.AsArray() ?? throw Bad(name, "is missing");

        string Population(JsonObject o, string path)
        {
            string name = Field<string>(o, "population", path);
            return spec.Populations.Any(p => p.Name == name) ? name : throw Bad($"{path}.population", $"is '{name}', which the model does not have");
        }

        double[] Values(JsonNode? node, string path) =>
            node?.AsArray().Select((v, k) => v?.GetValue<double>() ?? throw Bad($"{path}[{k}]", "is null")).ToArray() ?? throw Bad(path, "is missing");

        JsonObject Object(JsonNode? node, string path) => node?.AsObject() ?? throw Bad(path, "is null");

        T Field<T>(JsonObject o, string name, string path) =>
            (o[name] ?? throw Bad(path.Length == 0 ? name : $"{path}.{name}", "is missing")).GetValue<T>();

        CheckpointException Bad(string path, string problem) => new($"{source}: session: {path} {problem}");
    }

    private static JsonArray Numbers(double[] values) => new([.. values.Select(v => (JsonNode)v)]);
}

/// <summary>A parameter of a population set between runs: one value, or one per neuron.</summary>
public sealed record ParameterSetting(string Population, string Parameter, double[] Values);

/// <summary>The rates of a Poisson generator (model order) set between runs: one, or one per targeted neuron.</summary>
public sealed record RateSetting(int Stimulus, double[] RatesHz);

/// <summary>The spike times of a spike-source-array population set between runs, one list per neuron.</summary>
public sealed record SpikeTimesSetting(string Population, double[][] TimesMs);
