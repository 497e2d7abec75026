using System.Globalization;
using System.Text.Json;
using NeuroActors.Model;
using NeuroActors.Results;
using NeuroActors.Runtime.Sessions;

namespace NeuroActors.Experiments;

/// <summary>
/// Song, Miller and Abbott (2000) as Brian2's STDP example runs it (configs/song2000.yaml): the model is run in
/// chunks; after each, the plastic projection's weights are read through the session and the output rate of the
/// chunk is taken from the recorded spikes. What the paper shows, and what this reports: the weight distribution
/// goes from uniform to bimodal (most weights near 0 or near gmax) and the output rate settles.
/// </summary>
internal static class Song2000
{
    public sealed record Figures(double DurationS, double ChunkS, double[] TimesS, double[] OutputRateHz,
        double[] FractionNearZero, double[] FractionNearMax, double WMax);

    public static async Task<int> RunAsync(ExperimentArguments a)
    {
        var spec = ModelLoader.Load(a.Model ?? "configs/song2000.yaml");
        if (a.DurationS is { } d) spec = spec.With(durationMs: d * 1000);
        if (ModelValidator.Validate(spec) is { Count: > 0 } errors)
        {
            foreach (var e in errors) Console.Error.WriteLine($"error: {e}");
            return 1;
        }
        const string projection = "plastic";
        var plastic = spec.Projections.Single(p => p.Label == projection);
        double wMax = plastic.Synapse.Plasticity?.WMax
            ?? throw new InvalidOperationException($"projection '{projection}' of {a.Model ?? "configs/song2000.yaml"} is not plastic");
        double chunkMs = a.ChunkS * 1000, durationMs = spec.Simulation.DurationMs;
        Directory.CreateDirectory(a.Out);

        await using var session = await Session.BuildAsync(spec, new SessionOptions { Shards = a.Shards });
        var snapshots = new List<(double TimeMs, double[] Weights)> { (0, await Weights(session, projection)) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (session.TimeMs < durationMs - 1e-9)
        {
            await session.RunAsync(Math.Min(chunkMs, durationMs - session.TimeMs));
            var w = await Weights(session, projection);
            snapshots.Add((session.TimeMs, w));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"t = {session.TimeMs / 1000:0.#} s: {Fraction(w, x => x < 0.1 * wMax):P0} of weights below 0.1 gmax, " +
                $"{Fraction(w, x => x > 0.9 * wMax):P0} above 0.9 gmax ({clock.Elapsed.TotalSeconds:0} s)"));
        }
        var spikes = (await session.CollectAsync()).Spikes.Single(p => p.Population == "neuron").TimesMs;

        var times = snapshots.Skip(1).Select(s => s.TimeMs / 1000).ToArray();
        var rates = snapshots.Skip(1).Select((s, i) =>
        {
            double from = snapshots[i].TimeMs, to = s.TimeMs;
            return spikes.Count(t => t > from && t <= to) / ((to - from) / 1000);
        }).ToArray();
        var figures = new Figures(durationMs / 1000, a.ChunkS, times, rates,
            snapshots.Skip(1).Select(s => Fraction(s.Weights, x => x < 0.1 * wMax)).ToArray(),
            snapshots.Skip(1).Select(s => Fraction(s.Weights, x => x > 0.9 * wMax)).ToArray(), wMax);

        var shown = Enumerable.Range(0, 5).Select(k => snapshots[(int)Math.Round(k * (snapshots.Count - 1) / 4.0)]).Distinct().ToList();
        WeightHistogramPlot.SaveOverTime(Path.Combine(a.Out, "song2000-weights.png"), "Song et al. 2000: input weights", shown);
        LinePlot.Save(Path.Combine(a.Out, "song2000-rate.png"), "Song et al. 2000: output rate and weight distribution", "time (s)", "rate (Hz) / per cent",
            [("output rate (Hz)", times, rates),
             ("% weights < 0.1 gmax", times, figures.FractionNearZero.Select(f => 100 * f).ToArray()),
             ("% weights > 0.9 gmax", times, figures.FractionNearMax.Select(f => 100 * f).ToArray())]);
        File.WriteAllText(Path.Combine(a.Out, "song2000.json"), JsonSerializer.Serialize(figures, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {a.Out}/song2000-weights.png, song2000-rate.png, song2000.json");
        return 0;
    }

    private static async Task<double[]> Weights(Session session, string projection) =>
        (await session.GetWeightsAsync(projection)).Weight.Select(w => (double)w).ToArray();

    private static double Fraction(double[] values, Func<double, bool> predicate) =>
        values.Length == 0 ? 0 : values.Count(predicate) / (double)values.Length;
}
