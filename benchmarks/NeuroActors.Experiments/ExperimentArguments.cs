using System.Globalization;

namespace NeuroActors.Experiments;

/// <summary>The options every experiment takes.</summary>
internal sealed record ExperimentArguments(string Experiment, string Out, string? Model, double? DurationS, double ChunkS, int Shards)
{
    public const string Usage = """
        usage: NeuroActors.Experiments EXPERIMENT [--out DIR] [--model FILE] [--duration S] [--chunk S] [--shards N]
          song2000         Song, Miller & Abbott (2000): bimodal weights from additive STDP (configs/song2000.yaml)
          masquelier2008   Masquelier, Guyonneau & Thorpe (2008): STDP finds a repeating spike pattern
        Run from the repository root; figures and a JSON of the measured values go to --out (default results/experiments).
        """;

    /// <summary>Parses the command line, or returns null after printing what is wrong.</summary>
    public static ExperimentArguments? Parse(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-')) { Console.Error.WriteLine(Usage); return null; }
        var a = new ExperimentArguments(args[0], Path.Combine("results", "experiments"), null, null, 10, Math.Min(4, Environment.ProcessorCount));
        for (int i = 1; i < args.Length; i++)
        {
            string option = args[i];
            if (i + 1 >= args.Length) return Fail($"{option}: needs a value");
            string value = args[++i];
            switch (option)
            {
                case "--out": a = a with { Out = value }; break;
                case "--model": a = a with { Model = value }; break;
                case "--duration": a = a with { DurationS = Positive(option, value) }; break;
                case "--chunk": a = a with { ChunkS = Positive(option, value) ?? 0 }; break;
                case "--shards": a = a with { Shards = (int)(Positive(option, value) ?? 0) }; break;
                default: return Fail($"unknown option '{option}'\n{Usage}");
            }
        }
        return a is { ChunkS: > 0, Shards: > 0 } && a.DurationS is null or > 0 ? a : null;
    }

    private static double? Positive(string option, string value)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x > 0 && double.IsFinite(x)) return x;
        Console.Error.WriteLine($"error: {option}: got '{value}'; use a positive number");
        return null;
    }

    private static ExperimentArguments? Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return null;
    }
}
